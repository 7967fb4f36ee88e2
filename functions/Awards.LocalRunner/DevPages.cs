using System.Text;
using Awards.Mail;
using Awards.Web;
using Awards.Web.Pages;
using MimeKit;
using static Awards.Web.Pages.Html;

namespace Awards.LocalRunner;

/// <summary>Local-only pages under <c>/dev/</c>: the mail outbox. Never part of the Functions app.</summary>
public static class DevPages
{
    /// <summary>Maps <c>/dev/outbox</c> and <c>/dev/outbox/{file}</c>.</summary>
    public static void MapDevPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dev/outbox", (IMailTransport transport) =>
        {
            if (transport is not OutboxFolderTransport outbox)
            {
                return Page(200, "Hộp thư đi", "Outbox", $"<p>{Bi("Thư đang được gửi qua SMTP, không lưu vào thư mục.", "Mail goes out by SMTP; nothing is kept in the outbox folder.")}</p>");
            }

            var body = new StringBuilder($"<p>{Bi("Thư mục:", "Folder:")} <code>{E(outbox.Folder)}</code></p><table><tr><th>{Bi("Thời gian", "Date")}</th><th>{Bi("Người nhận", "To")}</th><th>{Bi("Tiêu đề", "Subject")}</th></tr>");
            var files = Directory.Exists(outbox.Folder) ? Directory.GetFiles(outbox.Folder, "*.eml").OrderDescending().Take(500) : [];
            foreach (var file in files)
            {
                var message = MimeMessage.Load(file);
                body.Append("<tr><td>").Append(E(Awards.Domain.VietnameseText.FormatInstant(message.Date))).Append("</td><td>").Append(E(message.To.ToString()))
                    .Append("</td><td><a href=\"/dev/outbox/").Append(E(Uri.EscapeDataString(Path.GetFileName(file)))).Append("\">").Append(E(message.Subject)).Append("</a></td></tr>");
            }

            body.Append("</table>");
            return Page(200, "Hộp thư đi (cục bộ)", "Local outbox", body.ToString());
        });

        app.MapGet("/dev/outbox/{file}", (IMailTransport transport, string file) =>
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

            // The message's own HTML, as the recipient would see it.
            var message = MimeMessage.Load(path);
            return Results.Content(message.HtmlBody ?? "<pre>" + E(message.TextBody) + "</pre>", "text/html; charset=utf-8");
        });
    }
}
