using System.Globalization;
using System.Text;
using Awards.Domain;
using Awards.Mail.Templates;
using Awards.Web.Pages;

namespace Awards.Mail;

/// <summary>
/// A message before it is known which language its recipient reads: whom it goes to and how to
/// write it (<see cref="MailTemplates"/>). <see cref="Mailer"/> picks the language (the draft's own,
/// else the one stored with the recipient's key, else Vietnamese) and sends <see cref="RenderAsync"/>'s result.
/// </summary>
/// <param name="ToEmail">Recipient address.</param>
/// <param name="Language">The recipient's language when the sender knows it (campaign configuration, a delegation); null to look it up.</param>
/// <param name="Write">
/// Writes the message in the language it is given, from the resource texts (<c>MailTexts</c>) of the
/// current culture, which <see cref="RenderAsync"/> sets to that language first.
/// </param>
public sealed record MailDraft(string ToEmail, Language? Language, Func<Language, MailContent> Write)
{
    /// <summary>
    /// The message in one language: written once under that language's culture, then the plain-text
    /// part from those texts and the HTML part from them through the <see cref="MailLayout"/>
    /// component (rendered by <paramref name="pages"/> under the same culture, markup encoded).
    /// </summary>
    public async Task<OutgoingMail> RenderAsync(PageRenderer pages, Language language)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var content = WriteIn(language);
        var html = await pages.RenderAsync<MailLayout>(language, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [nameof(MailLayout.Language)] = language,
            [nameof(MailLayout.Content)] = content,
        });
        return new OutgoingMail(ToEmail, content.ToName, content.Subject, content.PlainText(), html, language);
    }

    // The culture of the request or activity that queues the mail is not the recipient's (a page in
    // English can send a Vietnamese approver a code): the texts are read under the recipient's
    // culture — the one pages use for that language — and the caller's is put back.
    private MailContent WriteIn(Language language)
    {
        var (ui, formatting) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        var culture = PageLanguage.CultureOf(language);
        try
        {
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            return Write(language);
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = formatting;
        }
    }
}

/// <summary>A message written in one language: what both its parts, plain text and HTML, say.</summary>
/// <param name="ToName">The recipient's name as the message's header shows it.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Paragraphs">Body paragraphs, plain text (a line break inside one is kept).</param>
/// <param name="Link">The message's one link, if it has one.</param>
public sealed record MailContent(string ToName, string Subject, IReadOnlyList<string> Paragraphs, MailLink? Link = null)
{
    /// <summary>The plain-text part: paragraphs separated by blank lines, then the link's label and its address on a line of its own.</summary>
    public string PlainText()
    {
        var text = new StringBuilder();
        foreach (var paragraph in Paragraphs)
        {
            text.Append(paragraph.Trim()).Append("\n\n");
        }

        if (Link is { } link)
        {
            text.Append(link.Label).Append(":\n").Append(link.Url.AbsoluteUri).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>A link in a message.</summary>
/// <param name="Url">Where it leads.</param>
/// <param name="Label">What it says, in the message's language.</param>
public sealed record MailLink(Uri Url, string Label);
