using System.Globalization;
using Awards.Documents;
using Awards.Domain;
using Awards.Storage;
using Awards.Workflow.Activities;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MultipartHeader = Microsoft.Net.Http.Headers.MediaTypeHeaderValue;

namespace Awards.Web.Api;

/// <summary>
/// Uploads of one dossier document, for any dossier owner — a nomination or a proposal (its
/// cover documents); both keep their versions in their own <see cref="NominationStore"/>
/// partition. The caller has already checked who may write and that the dossier is open.
/// Every upload is staged, inspected and only then committed and recorded: a refused file
/// leaves no committed blob, no row and no version.
/// </summary>
public sealed class DocumentUploads(
    DocumentBlobs blobs,
    NominationStore dossiers,
    UploadSessionStore sessions,
    IOptions<AwardsOptions> awards,
    IOptions<DocumentOptions> options,
    TimeProvider time,
    ILogger<DocumentUploads> log)
{
    private const int MaxContentTypeLength = 200;
    private const int MaxSessionRequestBytes = 16 * 1024;
    private const int MaxCommitRequestBytes = 4 * 1024 * 1024;
    private const int MaxBlockCount = 50_000;
    private const int MaxOpenSessionsPerDossier = 20;

    // A page's form carries the file and little else: its multipart headers and boundaries, a few parts.
    private const int MaxFormOverheadBytes = 64 * 1024;
    private const int MaxFormParts = 8;
    private const int MaxBoundaryLength = 70;
    private const string OctetStream = "application/octet-stream";

    /// <summary>The blob folder of a dossier's documents: every blob of <paramref name="ownerId"/> starts with this plus "/".</summary>
    public static string BlobFolder(string ownerId) => ownerId;

    /// <summary>Most bytes one PUT may carry for this document: the installation's request limit, or the item's own limit when smaller.</summary>
    public long SingleRequestLimit(DocumentRequirement requirement) =>
        Math.Min(awards.Value.MaxDocumentBytes, requirement.MaxBytes ?? long.MaxValue);

    /// <summary>Largest file accepted for this document by any route: the item's limit, or the installation's resumable limit.</summary>
    public long DocumentLimit(DocumentRequirement requirement) =>
        requirement.MaxBytes ?? Math.Max(options.Value.MaxResumableBytes, awards.Value.MaxDocumentBytes);

    /// <summary>
    /// A single-request upload: the raw file as the body, its name in Content-Disposition. The
    /// body streams into uncommitted blocks while it is inspected; the blocks are committed
    /// only when the content is accepted, then the version is recorded.
    /// </summary>
    public async Task<IResult> UploadAsync(HttpRequest request, string ownerId, DocumentRequirement requirement, string uploader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (fileName, nameError) = ContentDisposition.ReadFileName(request.Headers.ContentDisposition);
        var outcome = fileName is null
            ? Refuse(UploadRefusalKind.FileName, StatusCodes.Status400BadRequest, nameError!)
            : await StoreAsync(request.Body, request.ContentLength, fileName, request.ContentType, ownerId, requirement, uploader, ct);
        return outcome.Document is { } document
            ? Results.Json(DocumentView.Of(document), AwardsJson.Options, statusCode: StatusCodes.Status201Created)
            : outcome.Refusal!.ToProblem();
    }

    /// <summary>
    /// A page's upload without script: a <c>multipart/form-data</c> body whose part <c>file</c> is
    /// the file (its name and type from the part's headers). The part streams through the same
    /// staging, inspection, commit and record as <see cref="UploadAsync"/> — nothing is buffered
    /// to disk — and the same refusals come back, for the page to show at its file field.
    /// </summary>
    public async Task<UploadOutcome> UploadFormFileAsync(HttpRequest request, string ownerId, DocumentRequirement requirement, string uploader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = SingleRequestLimit(requirement);
        if (request.ContentLength > limit + MaxFormOverheadBytes)
        {
            return TooLarge(limit, requirement);
        }

        if (!MultipartHeader.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary) is not { Length: > 0 and <= MaxBoundaryLength } boundary)
        {
            return Unreadable();
        }

        var reader = new MultipartReader(boundary.ToString(), request.Body)
        {
            HeadersCountLimit = 16,
            HeadersLengthLimit = 16 * 1024,

            // The file part is bounded by the inspector's limit (a clearer refusal than the reader's).
            BodyLengthLimit = null,
        };
        try
        {
            for (var part = 0; part < MaxFormParts; part++)
            {
                // Reading the next part skips whatever of the previous one was not read.
                var section = await reader.ReadNextSectionAsync(ct);
                if (section is null)
                {
                    break;
                }

                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || HeaderUtilities.RemoveQuotes(disposition.Name) != "file")
                {
                    continue;
                }

                var raw = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                if (string.IsNullOrEmpty(raw))
                {
                    // A form sent without choosing a file has the part, with an empty name and no bytes.
                    break;
                }

                var (fileName, nameError) = ContentDisposition.CheckFileName(raw);
                if (fileName is null)
                {
                    return Refuse(UploadRefusalKind.FileName, StatusCodes.Status400BadRequest, nameError!);
                }

                var contentType = string.IsNullOrWhiteSpace(section.ContentType) ? OctetStream : section.ContentType;
                return await StoreAsync(section.Body, null, fileName, contentType, ownerId, requirement, uploader, ct);
            }
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && !ct.IsCancellationRequested))
        {
            // A broken or cut-off multipart body is the client's: the page says so (as FormBody does).
            return Unreadable();
        }

        return Refuse(UploadRefusalKind.NoFile, StatusCodes.Status400BadRequest, "Choose the file to upload in the form's 'file' field.");
    }

    /// <summary>
    /// Stages <paramref name="content"/> while inspecting it, then commits and records it — or
    /// refuses it, leaving no blob, row or version. The one implementation behind every
    /// single-request upload (API and page).
    /// </summary>
    private async Task<UploadOutcome> StoreAsync(Stream content, long? declaredLength, string fileName, string? contentType, string ownerId, DocumentRequirement requirement, string uploader, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(contentType) || contentType.Length > MaxContentTypeLength)
        {
            return Refuse(UploadRefusalKind.ContentType, StatusCodes.Status400BadRequest,
                $"Send the file's media type in Content-Type, e.g. {DocumentInspector.MediaTypeOf(requirement.AcceptedFormats[0])}, or {OctetStream} to let the content decide.");
        }

        if (UnacceptableType(contentType, requirement) is { } wrongType)
        {
            return new UploadOutcome(null, wrongType);
        }

        var limit = SingleRequestLimit(requirement);
        if (declaredLength > limit)
        {
            return TooLarge(limit, requirement);
        }

        if (declaredLength == 0)
        {
            return Empty();
        }

        var blobName = DocumentBlobs.NewBlobName(BlobFolder(ownerId));
        using var inspector = new DocumentInspector(limit);
        IReadOnlyList<string> blocks;
        try
        {
            blocks = await blobs.StageAsync(blobName, content, inspector, ct);
        }
        catch (DocumentTooLargeException)
        {
            await blobs.DiscardAsync(blobName, CancellationToken.None);
            return TooLarge(limit, requirement);
        }
        catch
        {
            // The client went away or storage failed: drop whatever was staged.
            await DiscardQuietlyAsync(blobName);
            throw;
        }

        if (blocks.Count == 0)
        {
            return Empty();
        }

        var verdict = inspector.Finish(requirement.AcceptedFormats, contentType);
        if (!verdict.Accepted)
        {
            await blobs.DiscardAsync(blobName, CancellationToken.None);
            return new UploadOutcome(null, ContentRefusal(verdict.Refusal!, verdict.Format, verdict.RefusalVietnamese));
        }

        var format = verdict.Format!.Value;
        try
        {
            await blobs.CommitAsync(blobName, blocks, DocumentInspector.MediaTypeOf(format), fileName, mustBeNew: true, ct);
        }
        catch
        {
            await DiscardQuietlyAsync(blobName);
            throw;
        }

        return new UploadOutcome(await RecordAsync(ownerId, requirement.Type, blobName, fileName, format, inspector.Length, inspector.Sha256Hex(), uploader, ct), null);
    }

    /// <summary>
    /// Opens a resumable upload: checks the declaration (name, type, size, SHA-256), stores the
    /// session and answers 201 with a write-only link to one blob, the block size and the expiry.
    /// </summary>
    public async Task<IResult> OpenSessionAsync(HttpRequest request, string ownerId, DocumentRequirement requirement, string uploader, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<OpenUploadSessionRequest>(request, MaxSessionRequestBytes, ct);
        if (body is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        var (fileName, nameError) = ContentDisposition.CheckFileName(body.FileName);
        if (fileName is null)
        {
            errors["fileName"] = [nameError!];
        }

        var contentType = body.ContentType?.Trim();
        if (string.IsNullOrEmpty(contentType) || contentType.Length > MaxContentTypeLength)
        {
            errors["contentType"] = [$"Give the file's media type, e.g. {DocumentInspector.MediaTypeOf(requirement.AcceptedFormats[0])}, or {OctetStream} to let the content decide."];
        }

        var limit = DocumentLimit(requirement);
        if (body.Size is not { } size || size < 1)
        {
            errors["size"] = ["Give the file's exact size in bytes (at least 1)."];
        }
        else if (size > limit)
        {
            errors["size"] = [$"This document may have at most {limit} bytes ({limit / 1_000_000} MB); the file has {size}. Reduce it (e.g. scan at a lower resolution)."];
        }

        var sha256 = body.Sha256?.Trim().ToLowerInvariant();
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigit))
        {
            errors["sha256"] = ["Give the SHA-256 of the whole file as 64 hex digits (e.g. the output of sha256sum)."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (UnacceptableType(contentType!, requirement) is { } wrongType)
        {
            return wrongType.ToProblem();
        }

        var now = time.GetUtcNow();
        var open = await SweepExpiredAsync(ownerId, now, ct);
        if (open >= MaxOpenSessionsPerDossier)
        {
            return Problems.Conflict($"This dossier has {open} upload sessions open. Commit them or let them expire (after {options.Value.SessionLifetime.TotalHours:0} hours) before opening more.");
        }

        var session = new UploadSession
        {
            Id = Ids.New("ups"),
            OwnerId = ownerId,
            DocumentType = requirement.Type,
            BlobName = DocumentBlobs.NewBlobName(BlobFolder(ownerId)),
            FileName = fileName!,
            ContentType = contentType!,
            Size = body.Size!.Value,
            Sha256 = sha256!,
            CreatedBy = uploader,
            CreatedAt = now,
            ExpiresAt = now + options.Value.SessionLifetime,
        };
        await sessions.AddAsync(session, ct);
        var sessionUrl = $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{session.Id}";
        var view = await ViewAsync(session, [], sessionUrl, ct);
        return new WithLocation(Results.Json(view, AwardsJson.Options, statusCode: StatusCodes.Status201Created), sessionUrl);
    }

    /// <summary>What an upload session holds so far (the blocks staged and their bytes) with a fresh write link, so an interrupted client can resume.</summary>
    public async Task<IResult> GetSessionAsync(HttpRequest request, string ownerId, DocumentRequirement requirement, string sessionId, CancellationToken ct)
    {
        var (session, problem) = await FindSessionAsync(ownerId, requirement, sessionId, ct);
        if (session is null)
        {
            return problem!;
        }

        if (session.CommittedVersion is { } version)
        {
            return Problems.Conflict($"This session was committed as version {version} of '{session.DocumentType}'; nothing more can be uploaded to it.");
        }

        var blocks = await blobs.UncommittedBlocksAsync(session.BlobName, ct);
        var view = await ViewAsync(session, [.. blocks.Select(b => new UploadedBlock(b.Id, b.Size))], $"{request.PathBase}{request.Path}", ct);
        return Results.Json(view, AwardsJson.Options);
    }

    /// <summary>
    /// Commits an upload session: the listed blocks must all be there and add up to the declared
    /// size; after committing, the blob is locked against further writes and streamed through
    /// the inspector, and its size, SHA-256 and format must be what was declared and accepted.
    /// Any mismatch deletes the blob and ends the session (422); success records the version.
    /// </summary>
    public async Task<IResult> CommitSessionAsync(HttpRequest request, string ownerId, DocumentRequirement requirement, string sessionId, string uploader, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CommitUploadSessionRequest>(request, MaxCommitRequestBytes, ct);
        if (body is null)
        {
            return problem!;
        }

        var ids = body.BlockIds ?? [];
        if (ids.Count is 0 or > MaxBlockCount || ids.Any(string.IsNullOrEmpty))
        {
            return Problems.Field("blockIds", $"List the ids of the staged blocks in file order (1 to {MaxBlockCount}).");
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            return Problems.Field("blockIds", "A block id is listed twice; list each block once, in file order.");
        }

        var (found, missing) = await FindSessionAsync(ownerId, requirement, sessionId, ct);
        if (found is null)
        {
            return missing!;
        }

        if (found.CommittedVersion is { } done)
        {
            // A repeated commit (the answer to the first was lost) gets the same version back.
            var existing = (await dossiers.ListDocumentsAsync(ownerId, ct)).FirstOrDefault(d => d.Type == found.DocumentType && d.Version == done);
            return existing is null
                ? Problems.Conflict($"This session was committed as version {done}, which is no longer listed.")
                : Results.Json(DocumentView.Of(existing), AwardsJson.Options);
        }

        var session = await sessions.ClaimCommitAsync(ownerId, sessionId, time.GetUtcNow(), ct);
        if (session is null)
        {
            return Problems.Conflict("A commit of this session is already running. Wait for its answer, then GET the nomination to see the new version.");
        }

        var staged = (await blobs.UncommittedBlocksAsync(session.BlobName, ct)).ToDictionary(b => b.Id, b => b.Size, StringComparer.Ordinal);
        var absent = ids.Where(id => !staged.ContainsKey(id)).ToList();
        if (absent.Count > 0)
        {
            await sessions.ReleaseAsync(session, ct);
            return Problems.Of(
                StatusCodes.Status409Conflict,
                "Some blocks have not arrived.",
                $"{absent.Count} of the {ids.Count} listed blocks are not in storage (e.g. '{absent[0]}'). Upload them to the session's uploadUrl (GET the session for a fresh one), then commit again.",
                new Dictionary<string, object?> { ["missingBlocks"] = absent.Take(100).ToArray() });
        }

        var total = ids.Sum(id => staged[id]);
        if (total != session.Size)
        {
            await EndAsync(session);
            return Refused($"The listed blocks hold {total} bytes; you declared {session.Size}. Nothing was kept; open a new session for the file.", null);
        }

        // From here on the work completes even if the client hangs up: its retry of the commit then gets the result.
        var blobName = session.BlobName;
        DocumentVersion document;
        try
        {
            var etag = await blobs.CommitAsync(blobName, ids, session.ContentType, session.FileName, mustBeNew: false, CancellationToken.None);

            // The write link may still be valid: the lease keeps anyone holding it from changing what we check and record.
            if (!await blobs.LockAsync(blobName, etag, CancellationToken.None))
            {
                await EndAsync(session);
                return Problems.Conflict("The file changed while it was being committed (something wrote to the upload link at the same time). Nothing was kept; open a new session.");
            }

            using var inspector = new DocumentInspector(session.Size);
            await blobs.InspectAsync(blobName, etag, inspector, CancellationToken.None);
            var sha256 = inspector.Sha256Hex();
            var verdict = inspector.Finish(requirement.AcceptedFormats, session.ContentType);
            var (refusal, vietnamese) = sha256 != session.Sha256
                ? ($"The SHA-256 of what arrived is {sha256}; you declared {session.Sha256}. A block was sent wrongly or out of order, or the declaration is of another file.",
                    $"SHA-256 của dữ liệu nhận được là {sha256}; bạn đã khai báo {session.Sha256}. Có một khối bị gửi sai hoặc sai thứ tự, hoặc khai báo là của một tệp khác.")
                : (verdict.Refusal, verdict.RefusalVietnamese);
            if (refusal is not null)
            {
                await EndAsync(session);
                return Refused(
                    refusal + " Nothing was kept; open a new session and upload the file again.",
                    verdict.Format,
                    vietnamese + " Không có gì được lưu lại; hãy mở một phiên mới và tải tệp lên lại.");
            }

            document = await RecordAsync(ownerId, requirement.Type, blobName, session.FileName, verdict.Format!.Value, inspector.Length, sha256, uploader, CancellationToken.None);
        }
        catch (DocumentTooLargeException)
        {
            // The blocks added up to the declared size, so only a change under our feet gets here.
            await EndAsync(session);
            return Refused($"More than the declared {session.Size} bytes arrived. Nothing was kept; open a new session and upload the file again.", null);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Commit of upload session {Session} of {Owner} failed; its blob is discarded.", session.Id, ownerId);
            await EndAsync(session);
            throw;
        }

        await sessions.ReleaseAsync(session with { CommittedVersion = document.Version }, CancellationToken.None);
        return Results.Json(DocumentView.Of(document), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Records a new version of a committed, accepted blob; deletes the blob if that fails, so no content stays without a version.</summary>
    private async Task<DocumentVersion> RecordAsync(string ownerId, string type, string blobName, string fileName, Domain.DocumentFormat format, long size, string sha256, string uploader, CancellationToken ct)
    {
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var existing = await dossiers.ListDocumentsAsync(ownerId, ct);
                var version = existing.Where(d => d.Type == type).Select(d => d.Version).DefaultIfEmpty(0).Max() + 1;
                var now = time.GetUtcNow();
                var document = new DocumentVersion
                {
                    Type = type,
                    Version = version,
                    FileName = fileName,
                    ContentType = DocumentInspector.MediaTypeOf(format),
                    Format = format,
                    Size = size,
                    Sha256 = sha256,
                    BlobName = blobName,
                    UploadedBy = uploader,
                    UploadedAt = now,
                };
                try
                {
                    await dossiers.AddDocumentVersionAsync(ownerId, document,
                        new AuditEntry(now, uploader, AuditActions.DocumentUploaded, null, null, string.Create(CultureInfo.InvariantCulture, $"{type} v{version}: {fileName}")), ct);
                    return document;
                }
                catch (Azure.Data.Tables.TableTransactionFailedException e) when (e.Status == StatusCodes.Status409Conflict && attempt < 5)
                {
                    // Two uploads of the same type at once: take the next number.
                }
            }
        }
        catch
        {
            await DeleteQuietlyAsync(blobName);
            throw;
        }
    }

    private async Task<(UploadSession? Session, IResult? Problem)> FindSessionAsync(string ownerId, DocumentRequirement requirement, string sessionId, CancellationToken ct)
    {
        var session = Ids.LooksValid(sessionId) ? await sessions.FindAsync(ownerId, sessionId, ct) : null;
        if (session is null || session.DocumentType != requirement.Type)
        {
            return (null, Problems.NotFound($"There is no upload session '{sessionId}' for '{requirement.Type}' here. Open one with POST …/documents/{requirement.Type}/sessions."));
        }

        if (session.CommittedVersion is null && session.ExpiresAt <= time.GetUtcNow())
        {
            return (null, Problems.Of(StatusCodes.Status410Gone, "The upload session has expired.", $"It expired at {session.ExpiresAt:u}. Open a new session and upload the file again."));
        }

        return (session, null);
    }

    private async Task<UploadSessionView> ViewAsync(UploadSession session, IReadOnlyList<UploadedBlock> blocks, string sessionUrl, CancellationToken ct)
    {
        var blockSize = options.Value.SessionBlockSize;
        var linkExpires = Min(time.GetUtcNow() + options.Value.UploadLinkLifetime, session.ExpiresAt);
        var link = await blobs.CreateUploadLinkAsync(session.BlobName, linkExpires, ct);
        var instructions =
            $"PUT the file in blocks of {blockSize} bytes (the last one shorter) to uploadUrl with '&comp=block&blockid=<id>' appended: <id> is URL-encoded base64, " +
            "and all ids of a session have the same length (e.g. base64 of the block number as 6 digits). Send Content-MD5 with each block so storage checks it. " +
            "After an interruption, GET sessionUrl to see which blocks arrived (and get a fresh uploadUrl) and send the rest. " +
            "Then POST {\"blockIds\": [...]} in file order to commitUrl: the file is checked (size, SHA-256, format) and recorded as a new version.";
        return new UploadSessionView(
            session.Id,
            session.DocumentType,
            session.FileName,
            session.Size,
            link,
            linkExpires,
            blockSize,
            session.ExpiresAt,
            blocks,
            blocks.Sum(b => b.Size),
            sessionUrl,
            sessionUrl + "/commit",
            instructions);
    }

    /// <summary>Ends expired, uncommitted sessions of the dossier (their staged blocks too); returns how many remain open.</summary>
    private async Task<int> SweepExpiredAsync(string ownerId, DateTimeOffset now, CancellationToken ct)
    {
        var open = 0;
        foreach (var session in await sessions.ListAsync(ownerId, ct))
        {
            if (session.ExpiresAt > now)
            {
                open += session.CommittedVersion is null ? 1 : 0;
                continue;
            }

            if (session.CommittedVersion is null)
            {
                await DiscardQuietlyAsync(session.BlobName);
            }

            await sessions.DeleteAsync(session, ct);
        }

        return open;
    }

    /// <summary>Discards the session's blob (staged or committed) and its row.</summary>
    private async Task EndAsync(UploadSession session)
    {
        await blobs.DiscardAsync(session.BlobName, CancellationToken.None);
        await sessions.DeleteAsync(session, CancellationToken.None);
    }

    private async Task DiscardQuietlyAsync(string blobName)
    {
        try
        {
            await blobs.DiscardAsync(blobName, CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            // Already failing: keep the first error. Staged blocks are dropped by storage after a week.
            log.LogWarning(e, "Could not discard the staged blocks of {Blob}.", blobName);
        }
    }

    private async Task DeleteQuietlyAsync(string blobName)
    {
        try
        {
            await blobs.DeleteAsync(blobName, CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            log.LogError(e, "Could not delete {Blob}, which no version records; delete it by hand.", blobName);
        }
    }

    /// <summary>A declared type that can never be accepted for this document is refused before any byte is read.</summary>
    private static UploadRefusal? UnacceptableType(string contentType, DocumentRequirement requirement)
    {
        var accepted = string.Join(", ", requirement.AcceptedFormats.Select(f => $"{DocumentInspector.ShortName(f)} ({DocumentInspector.MediaTypeOf(f)})"));
        return DocumentInspector.IsKnownMediaType(contentType) && (DocumentInspector.FormatOf(contentType) is not { } f || requirement.AcceptedFormats.Contains(f))
            ? null
            : new UploadRefusal(
                UploadRefusalKind.WrongType,
                StatusCodes.Status415UnsupportedMediaType,
                $"The file was declared as '{contentType}'. '{requirement.Type}' accepts {accepted}; send one of those, with its media type or {OctetStream}.",
                $"Tệp được khai báo là '{contentType}'. Mục '{requirement.Type}' chỉ nhận {accepted}; hãy gửi một trong các loại đó, với loại tệp của nó hoặc {OctetStream}.");
    }

    private UploadOutcome TooLarge(long limit, DocumentRequirement requirement)
    {
        var whole = DocumentLimit(requirement);
        var (detail, vietnamese) = whole > limit
            ? ($"One request may carry at most {limit} bytes ({limit / 1_000_000} MB). For a larger file (up to {whole / 1_000_000} MB), open an upload session: POST …/documents/{requirement.Type}/sessions.",
                $"Mỗi lần gửi chỉ mang được tối đa {limit} byte ({limit / 1_000_000} MB). Tệp lớn hơn (tới {whole / 1_000_000} MB) hãy tải lên theo phiên: POST …/documents/{requirement.Type}/sessions.")
            : ($"This document may have at most {limit} bytes ({limit / 1_000_000} MB). Reduce the file (e.g. scan at a lower resolution).",
                $"Tài liệu này chỉ được tối đa {limit} byte ({limit / 1_000_000} MB). Hãy giảm dung lượng tệp (ví dụ quét với độ phân giải thấp hơn).");
        return Refuse(UploadRefusalKind.TooLarge, StatusCodes.Status413PayloadTooLarge, detail, vietnamese);
    }

    private static UploadOutcome Empty() =>
        Refuse(UploadRefusalKind.Empty, StatusCodes.Status400BadRequest, "The file is empty. Choose the file again and check that it opens.", "Tệp rỗng. Hãy chọn lại tệp và kiểm tra rằng tệp mở được.");

    private static UploadOutcome Unreadable() =>
        Refuse(UploadRefusalKind.Unreadable, StatusCodes.Status400BadRequest, "The form's body could not be read as multipart/form-data. Use the page's own form.");

    private static UploadOutcome Refuse(UploadRefusalKind kind, int status, string detail, string? vietnamese = null) =>
        new(null, new UploadRefusal(kind, status, detail, vietnamese));

    /// <summary>A refusal of the content (422), in English and, where it has one, Vietnamese.</summary>
    private static UploadRefusal ContentRefusal(string detail, Domain.DocumentFormat? detected, string? vietnamese = null) =>
        new(UploadRefusalKind.Content, StatusCodes.Status422UnprocessableEntity, detail, vietnamese, detected);

    private static IResult Refused(string detail, Domain.DocumentFormat? detected, string? vietnamese = null) =>
        ContentRefusal(detail, detected, vietnamese).ToProblem();

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Adds a Location header to a result.</summary>
    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Why an upload was refused.</summary>
public enum UploadRefusalKind
{
    /// <summary>The file name is missing or cannot be used (control characters, folders, too long).</summary>
    FileName,

    /// <summary>No usable media type was declared.</summary>
    ContentType,

    /// <summary>The declared type is not one this checklist item accepts.</summary>
    WrongType,

    /// <summary>Larger than one request (or the item) may carry.</summary>
    TooLarge,

    /// <summary>The file has no bytes.</summary>
    Empty,

    /// <summary>A page's form came without a file.</summary>
    NoFile,

    /// <summary>A page's form body could not be read.</summary>
    Unreadable,

    /// <summary>The content was refused: not what it claims, active content, a broken structure (<see cref="UploadRefusal.DetailVi"/> says it in Vietnamese).</summary>
    Content,
}

/// <summary>
/// An upload refused — nothing was kept. The API answers it as a problem document; a page shows
/// it at its file field, in the page's language.
/// </summary>
/// <param name="Kind">What was wrong.</param>
/// <param name="Status">The HTTP status the API answers with.</param>
/// <param name="Detail">What to do about it, in English.</param>
/// <param name="DetailVi">The same in Vietnamese, where the product has it.</param>
/// <param name="Detected">The format the content turned out to be, when known.</param>
public sealed record UploadRefusal(UploadRefusalKind Kind, int Status, string Detail, string? DetailVi = null, Domain.DocumentFormat? Detected = null)
{
    /// <summary>
    /// The problem document: field errors for a bad header or an empty body (as before), otherwise
    /// the status with <c>detail</c> and, where there is one, <c>detailVi</c> (and <c>detectedFormat</c>).
    /// </summary>
    public IResult ToProblem()
    {
        switch (Kind)
        {
            case UploadRefusalKind.FileName:
                return Problems.Field("Content-Disposition", Detail);
            case UploadRefusalKind.ContentType:
                return Problems.Field("Content-Type", Detail);
            case UploadRefusalKind.Empty:
                return Problems.Field("body", Detail);
            case UploadRefusalKind.NoFile:
                return Problems.Field("file", Detail);
        }

        var extensions = new Dictionary<string, object?>();
        if (Detected is { } f)
        {
            extensions["detectedFormat"] = DocumentInspector.ShortName(f);
        }

        if (DetailVi is not null)
        {
            extensions["detailVi"] = DetailVi;
        }

        var title = Kind switch
        {
            UploadRefusalKind.WrongType => "This kind of file is not accepted here.",
            UploadRefusalKind.TooLarge => "The file is too large.",
            UploadRefusalKind.Unreadable => "The form could not be read.",
            _ => "The file was refused.",
        };
        return Problems.Of(Status, title, Detail, extensions.Count > 0 ? extensions : null);
    }
}

/// <summary>What became of one uploaded file: the version recorded, or why it was refused.</summary>
/// <param name="Document">The new version, when accepted.</param>
/// <param name="Refusal">Why not, when refused.</param>
public sealed record UploadOutcome(DocumentVersion? Document, UploadRefusal? Refusal);
