using Awards.Domain;
using Awards.Mail;
using Awards.Web;
using Awards.Web.Pages;
using Awards.Web.Pages.Dev;
using MimeKit;

namespace Awards.LocalRunner;

/// <summary>Local-only pages under <c>/dev/</c>: the mail outbox. Never part of the Functions app.</summary>
public static class DevPages
{
    /// <summary>Maps <c>/dev/outbox</c> and <c>/dev/outbox/{file}</c>.</summary>
    public static void MapDevPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dev/outbox", (HttpContext http, IMailTransport transport, PageRenderer pages) =>
        {
            var outbox = transport as OutboxFolderTransport;
            var files = outbox is not null && Directory.Exists(outbox.Folder) ? Directory.GetFiles(outbox.Folder, "*.eml").OrderDescending().Take(500) : [];
            var messages = files.Select(file =>
            {
                var message = MimeMessage.Load(file);
                return new OutboxPage.OutboxMessage(Path.GetFileName(file), VietnameseText.FormatInstant(message.Date), message.To.ToString(), message.Subject ?? string.Empty);
            }).ToList();
            return pages.PageAsync<OutboxPage>(http, StatusCodes.Status200OK, new Dictionary<string, object?>
            {
                [nameof(OutboxPage.Folder)] = outbox?.Folder,
                [nameof(OutboxPage.Messages)] = messages,
            });
        });

        app.MapGet("/dev/outbox/{file}", async (HttpContext http, IMailTransport transport, PageRenderer pages, string file) =>
        {
            if (transport is not OutboxFolderTransport outbox || file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal) || !file.EndsWith(".eml", StringComparison.Ordinal))
            {
                return Problems.NotFound("No such message in the local outbox folder.");
            }

            var path = Path.Combine(outbox.Folder, file);
            if (!File.Exists(path))
            {
                return Problems.NotFound("No such message in the local outbox folder.");
            }

            // The message's own HTML (rendered from the product's mail template), as the recipient would see it.
            var message = await MimeMessage.LoadAsync(path, http.RequestAborted);
            return message.HtmlBody is { } html
                ? Results.Content(html, "text/html; charset=utf-8")
                : await pages.PageAsync<OutboxMessagePage>(http, StatusCodes.Status200OK, new Dictionary<string, object?>
                {
                    [nameof(OutboxMessagePage.Subject)] = message.Subject ?? string.Empty,
                    [nameof(OutboxMessagePage.Text)] = message.TextBody ?? string.Empty,
                });
        });
    }
}
