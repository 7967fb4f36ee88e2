using System.Text;
using Awards.Domain;
using Awards.Web.Pages;

namespace Awards.Mail;

/// <summary>
/// A message written in both languages, before it is known which one its recipient reads.
/// <see cref="Mailer"/> picks the language (the draft's own, else the one stored with the
/// recipient's key, else Vietnamese) and sends <see cref="Render"/>'s result.
/// </summary>
/// <param name="ToEmail">Recipient address.</param>
/// <param name="ToName">Recipient name.</param>
/// <param name="Language">The recipient's language when the sender knows it (campaign configuration, a delegation); null to look it up.</param>
/// <param name="Subject">Subject line in Vietnamese and English.</param>
/// <param name="Paragraphs">Body paragraphs in Vietnamese and English.</param>
/// <param name="Link">The message's one link, with its label in both languages.</param>
public sealed record MailDraft(
    string ToEmail,
    string ToName,
    Language? Language,
    (string Vi, string En) Subject,
    IReadOnlyList<(string Vi, string En)> Paragraphs,
    (Uri Url, string LabelVi, string LabelEn)? Link)
{
    /// <summary>The message in one language: plain text and HTML, with that language declared.</summary>
    public OutgoingMail Render(Language language)
    {
        string In((string Vi, string En) text) => language == Domain.Language.En ? text.En : text.Vi;

        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"").Append(language.Code())
            .Append("\"><head><meta charset=\"utf-8\"></head><body style=\"font-family:Arial,sans-serif\">");
        foreach (var paragraph in Paragraphs)
        {
            var p = In(paragraph).Trim();
            text.Append(p).Append("\n\n");
            html.Append("<p>").Append(Html.E(p)).Append("</p>");
        }

        if (Link is { } l)
        {
            var label = In((l.LabelVi, l.LabelEn));
            text.Append(label).Append(":\n").Append(l.Url.AbsoluteUri).Append('\n');
            html.Append("<p><a href=\"").Append(Html.E(l.Url.AbsoluteUri)).Append("\">").Append(Html.E(label)).Append("</a></p>");
        }

        html.Append("</body></html>");
        return new OutgoingMail(ToEmail, ToName, In(Subject), text.ToString(), html.ToString(), language);
    }
}
