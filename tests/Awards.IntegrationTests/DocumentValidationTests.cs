using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Awards.Domain;
using Awards.Testing;
using Awards.Web;
using Awards.Web.Api;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Format = Awards.Domain.DocumentFormat;

namespace Awards.IntegrationTests;

/// <summary>
/// Documents are judged by their content on arrival; a refused one leaves no committed blob, no
/// row and no version. Large files go through resumable sessions; reads go through logged links.
/// </summary>
[TestClass]
public sealed class DocumentValidationTests
{
    private const string Container = "awards-dossiers";
    private const string Evidence = "evidence";

    private static readonly int[] FirstTwoVersions = [1, 2];
    private static readonly string[] BadSessionFields = ["fileName", "size", "sha256"];

    private static readonly BlobContainerClient Dossiers = new BlobServiceClient(TestHost.Storage).GetBlobContainerClient(Container);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Each_bad_file_is_refused_with_a_clear_problem_and_leaves_nothing_behind()
    {
        using var s = await Scenario.StartAsync("refusals", PdfOrDocxEvidence);
        var id = await NewNominationAsync(s);

        var refusals = new (string What, byte[] Content, string FileName, string ContentType, HttpStatusCode Status, string Says)[]
        {
            ("an executable named .pdf", SampleDocuments.WindowsProgram(), "Báo cáo.pdf", "application/pdf", HttpStatusCode.UnprocessableEntity, "This file is a Windows program (MZ), not a PDF. Accepted: PDF, DOCX."),
            ("a PDF header and nothing else", SampleDocuments.PdfHeaderOnly(), "Minh chứng.pdf", "application/pdf", HttpStatusCode.UnprocessableEntity, "This file is a damaged or altered PDF: at byte "),
            ("a ZIP that is not a DOCX", SampleDocuments.Zip(), "Minh chứng.docx", SampleDocuments.DocxType, HttpStatusCode.UnprocessableEntity, "This file is a ZIP archive, not a Word document (DOCX)."),
            ("zero bytes", [], "Trống.pdf", "application/pdf", HttpStatusCode.BadRequest, "The file is empty."),
            ("one byte over the limit", SampleDocuments.Pdf(TestHost.MaxDocumentBytes + 1), "Lớn.pdf", "application/pdf", HttpStatusCode.RequestEntityTooLarge, TestHost.MaxDocumentBytes.ToString(CultureInfo.InvariantCulture)),
            ("a name with folders", SampleDocuments.Pdf("x"), "../../x.pdf", "application/pdf", HttpStatusCode.BadRequest, "plain name, without folders"),
            ("a 300-character name", SampleDocuments.Pdf("x"), new string('a', 296) + ".pdf", "application/pdf", HttpStatusCode.BadRequest, "use at most 255"),
            ("a PDF declared as DOCX", SampleDocuments.Pdf("x"), "Minh chứng.docx", SampleDocuments.DocxType, HttpStatusCode.UnprocessableEntity, $"This file is a PDF, but it was sent as '{SampleDocuments.DocxType}'"),
            ("a PDF declared as a PNG", SampleDocuments.Pdf("x"), "Minh chứng.png", "image/png", HttpStatusCode.UnsupportedMediaType, "accepts PDF (application/pdf), DOCX"),
            ("a real XLSX where PDF or DOCX is asked", SampleDocuments.Xlsx("Danh sách"), "Danh sách.xlsx", "application/octet-stream", HttpStatusCode.UnprocessableEntity, "an Excel workbook (XLSX)"),
        };

        foreach (var r in refusals)
        {
            using var response = await s.Nominator.UploadAsync(id, Evidence, r.Content, r.FileName, r.ContentType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(r.Status, response.StatusCode, $"{r.What}: {body}");
            Assert.AreEqual(Problems.ContentType, response.Content.Headers.ContentType?.MediaType, r.What);
            StringAssert.Contains(JsonNode.Parse(body)!["detail"]!.GetValue<string>(), r.Says, r.What);
            if (r.Status == HttpStatusCode.UnprocessableEntity)
            {
                // Refusals about the content are written in Vietnamese too.
                StringAssert.StartsWith(JsonNode.Parse(body)!["detailVi"]?.GetValue<string>(), "Tệp này", r.What);
            }

            await AssertNothingStoredAsync(s, id, r.What);
        }
    }

    [TestMethod]
    public async Task Polyglots_and_files_with_scripts_or_macros_are_refused_with_a_reason_in_both_languages_and_nothing_is_stored()
    {
        using var s = await Scenario.StartAsync("polyglots", PdfDocxOrPngEvidence);
        var id = await NewNominationAsync(s);
        var elf = SampleDocuments.LinuxProgram();

        var refusals = new (string What, byte[] Content, string FileName, string ContentType, string Says, string SaysInVietnamese)[]
        {
            ("a PDF with a program between two objects", SampleDocuments.PdfWithInsertion(elf), "Báo cáo.pdf", "application/pdf", "data that belongs to no PDF object (they look like a Linux program (ELF))", "trông như một chương trình Linux (ELF)"),
            ("a PNG with a program between its header and its image data", SampleDocuments.PngWithInsertion(elf, asChunk: false), "Ảnh.png", "image/png", "bytes that belong to no PNG chunk (they look like a Linux program (ELF))", "không thuộc phần (chunk) PNG nào"),
            ("a PNG with a program in a chunk of its own, CRC and all", SampleDocuments.PngWithInsertion(elf, asChunk: true), "Ảnh.png", "application/octet-stream", "This file has a program hidden inside it (a Linux program (ELF) at byte 41)", "chương trình ẩn bên trong"),
            ("a PDF that runs JavaScript when opened", SampleDocuments.PdfWithActiveContent(SampleDocuments.PdfActiveContent.JavaScript), "Tờ trình.pdf", "application/pdf", "This PDF contains JavaScript", "mã JavaScript"),
            ("the same with #-escaped names", SampleDocuments.PdfWithActiveContent(SampleDocuments.PdfActiveContent.EscapedJavaScript), "Tờ trình.pdf", "application/pdf", "(/Java#53cript in object 6)", "mã JavaScript"),
            ("a Word document with a macro", SampleDocuments.DocxWithMacro(), "Biên bản.docx", SampleDocuments.DocxType, "This document contains macros", "chứa macro"),
        };

        foreach (var r in refusals)
        {
            using var response = await s.Nominator.UploadAsync(id, Evidence, r.Content, r.FileName, r.ContentType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, $"{r.What}: {body}");
            Assert.AreEqual(Problems.ContentType, response.Content.Headers.ContentType?.MediaType, r.What);
            var problem = JsonNode.Parse(body)!;
            StringAssert.Contains(problem["detail"]!.GetValue<string>(), r.Says, r.What);
            StringAssert.Contains(problem["detailVi"]!.GetValue<string>(), r.SaysInVietnamese, r.What);
            await AssertNothingStoredAsync(s, id, r.What);
        }

        // The same check runs when an upload session is committed (the blob is read back through the inspector).
        var polyglot = SampleDocuments.PdfWithInsertion(elf);
        var session = await OpenSessionAsync(s, id, "Hồ sơ.pdf", "application/pdf", polyglot.Length, Convert.ToHexStringLower(SHA256.HashData(polyglot)));
        using (var client = new HttpClient())
        using (var put = await PutBlockAsync(client, new Uri(session["uploadUrl"]!.GetValue<string>()), BlockId(0), polyglot))
        {
            Assert.AreEqual(HttpStatusCode.Created, put.StatusCode);
        }

        using var commit = await s.Nominator.Http.PostAsJsonAsync(session["commitUrl"]!.GetValue<string>(), new { blockIds = new[] { BlockId(0) } });
        var committed = JsonNode.Parse(await commit.Content.ReadAsStringAsync())!;
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, commit.StatusCode, committed.ToJsonString());
        StringAssert.Contains(committed["detail"]!.GetValue<string>(), "data that belongs to no PDF object (they look like a Linux program (ELF))");
        StringAssert.Contains(committed["detailVi"]!.GetValue<string>(), "Không có gì được lưu lại");
        await AssertNothingStoredAsync(s, id, "a polyglot sent through an upload session");

        // And the real thing still goes in.
        using var accepted = await s.Nominator.UploadAsync(id, Evidence, SampleDocuments.Png(), "Ảnh hiện trường.png", "image/png");
        Assert.AreEqual(HttpStatusCode.Created, accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task A_body_without_a_length_is_stopped_at_the_limit_while_streaming_and_its_blocks_dropped()
    {
        using var s = await Scenario.StartAsync("chunked", PdfOrDocxEvidence);
        var id = await NewNominationAsync(s);

        // No Content-Length (chunked): the limit can only be found while the bytes stream in.
        using var body = new StreamContent(new MemoryStream(SampleDocuments.Pdf(TestHost.MaxDocumentBytes + 1)));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        body.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=big.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/nominations/{id}/documents/{Evidence}") { Content = body };
        request.Headers.TransferEncodingChunked = true;
        using var response = await s.Nominator.Http.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode, await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(s, id, "a chunked body over the limit");

        // And at exactly the limit, chunked, it is accepted.
        using var atLimit = new StreamContent(new MemoryStream(SampleDocuments.Pdf(TestHost.MaxDocumentBytes)));
        atLimit.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        atLimit.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=limit.pdf");
        using var again = new HttpRequestMessage(HttpMethod.Put, $"api/nominations/{id}/documents/{Evidence}") { Content = atLimit };
        again.Headers.TransferEncodingChunked = true;
        using var accepted = await s.Nominator.Http.SendAsync(again);
        Assert.AreEqual(HttpStatusCode.Created, accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Real_documents_are_accepted_with_their_detected_format_and_an_NFD_name_is_stored_NFC()
    {
        using var s = await Scenario.StartAsync("accepted", PdfOrDocxEvidence);
        var id = await NewNominationAsync(s);
        const string Name = "Biên bản họp Hội đồng Thi đua – Khen thưởng (bản ký số).docx";
        var docx = SampleDocuments.Docx("Biên bản họp");

        using (var upload = await s.Nominator.UploadAsync(id, Evidence, docx, Name.Normalize(NormalizationForm.FormD), "application/octet-stream"))
        {
            Assert.AreEqual(HttpStatusCode.Created, upload.StatusCode, await upload.Content.ReadAsStringAsync());
            var view = (await upload.Content.ReadFromJsonAsync<DocumentView>(AwardsJson.Options))!;
            Assert.AreEqual(Name, view.FileName, "stored in NFC");
            Assert.AreEqual(SampleDocuments.DocxType, view.ContentType, "served as what the content is, not as 'octet-stream'");
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(docx)), view.Sha256);
        }

        using (var pdf = await s.Nominator.UploadAsync(id, Evidence, SampleDocuments.Pdf("v2"), "Minh chứng.pdf"))
        {
            Assert.AreEqual(HttpStatusCode.Created, pdf.StatusCode, await pdf.Content.ReadAsStringAsync());
        }

        var documents = (await s.Nominator.GetNominationAsync(id)).Documents;
        CollectionAssert.AreEqual(FirstTwoVersions, documents.Where(d => d.Type == Evidence).Select(d => d.Version).ToArray());

        // The blob keeps the original name (URL-encoded: metadata is ASCII) and only the two committed blobs exist.
        var blobs = await ListAsync(id, BlobStates.Uncommitted);
        Assert.HasCount(2, blobs);
        var names = blobs.Select(b => Uri.UnescapeDataString(b.Metadata["filename"])).ToList();
        CollectionAssert.Contains(names, Name);
        Assert.IsTrue(Name.IsNormalized(NormalizationForm.FormC));
    }

    [TestMethod]
    public async Task A_resumable_upload_interrupted_half_way_resumes_and_commits_with_the_source_hash()
    {
        using var s = await Scenario.StartAsync("resume", PdfOrDocxEvidence);
        var id = await NewNominationAsync(s);
        var file = SampleDocuments.Pdf(7_500_000, "Ho so lon");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));

        var session = await OpenSessionAsync(s, id, "Hồ sơ lớn.pdf", "application/pdf", file.Length, sha256);
        var blockSize = session["blockSize"]!.GetValue<int>();
        var sessionUrl = session["sessionUrl"]!.GetValue<string>();
        var uploadUrl = new Uri(session["uploadUrl"]!.GetValue<string>());
        Assert.AreEqual("w", HttpUtility.ParseQueryString(uploadUrl.Query)["sp"], "the link may only write");

        // This test uses 1 MiB blocks (any size up to the suggested one works) so the file has eight.
        const int Block = 1024 * 1024;
        Assert.IsLessThanOrEqualTo(blockSize, Block);
        var blocks = Enumerable.Range(0, (file.Length + Block - 1) / Block)
            .Select(i => (Id: BlockId(i), Offset: i * Block, Length: Math.Min(Block, file.Length - (i * Block))))
            .ToList();
        var half = blocks.Count / 2;
        using (var client = new HttpClient())
        {
            foreach (var b in blocks.Take(half))
            {
                using var put = await PutBlockAsync(client, uploadUrl, b.Id, file.AsMemory(b.Offset, b.Length));
                Assert.AreEqual(HttpStatusCode.Created, put.StatusCode);
            }

            // The connection drops in the middle of the next block: the client is lost.
            using var cut = new CancellationTokenSource();
            var slow = new SlowContent(file.AsMemory(blocks[half].Offset, blocks[half].Length), cut);
            await Assert.ThrowsAsync<OperationCanceledException>(() => PutBlockAsync(client, uploadUrl, blocks[half].Id, slow, cut.Token));
        }

        // A new client asks what arrived, and sends the rest.
        using var status = await s.Nominator.Http.GetAsync(new Uri(sessionUrl, UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, status.StatusCode, await status.Content.ReadAsStringAsync());
        var state = JsonNode.Parse(await status.Content.ReadAsStringAsync())!;
        var arrived = state["blocks"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        CollectionAssert.AreEquivalent(blocks.Take(half).Select(b => b.Id).ToList(), arrived.ToList(), "exactly the finished blocks are there");
        Assert.AreEqual((long)half * Block, state["receivedBytes"]!.GetValue<long>());

        var freshUrl = new Uri(state["uploadUrl"]!.GetValue<string>());
        using (var client = new HttpClient())
        {
            foreach (var b in blocks.Where(b => !arrived.Contains(b.Id)))
            {
                using var put = await PutBlockAsync(client, freshUrl, b.Id, file.AsMemory(b.Offset, b.Length));
                Assert.AreEqual(HttpStatusCode.Created, put.StatusCode);
            }
        }

        using var commit = await s.Nominator.Http.PostAsJsonAsync(session["commitUrl"]!.GetValue<string>(), new { blockIds = blocks.Select(b => b.Id) });
        Assert.AreEqual(HttpStatusCode.Created, commit.StatusCode, await commit.Content.ReadAsStringAsync());
        var version = (await commit.Content.ReadFromJsonAsync<DocumentView>(AwardsJson.Options))!;
        Assert.AreEqual(sha256, version.Sha256);
        Assert.AreEqual(file.Length, version.Size);
        Assert.AreEqual("Hồ sơ lớn.pdf", version.FileName);

        // A repeated commit (its answer lost) gets the same version, not a second one.
        using (var repeat = await s.Nominator.Http.PostAsJsonAsync(session["commitUrl"]!.GetValue<string>(), new { blockIds = blocks.Select(b => b.Id) }))
        {
            Assert.AreEqual(HttpStatusCode.OK, repeat.StatusCode, await repeat.Content.ReadAsStringAsync());
        }

        // The still-valid write link can no longer change the recorded file.
        using (var client = new HttpClient())
        using (var overwrite = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent(SampleDocuments.Pdf("swapped")) })
        {
            overwrite.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var swapped = await client.SendAsync(overwrite);
            Assert.IsFalse(swapped.IsSuccessStatusCode, $"overwrite through the upload link: {swapped.StatusCode}");
        }

        var downloaded = await DownloadThroughReadEndpointAsync(s, id, version.Version);
        Assert.AreEqual(sha256, Convert.ToHexStringLower(SHA256.HashData(downloaded)), "what is read back is the source");
        Assert.HasCount(1, (await s.Nominator.GetNominationAsync(id)).Documents);
    }

    [TestMethod]
    public async Task A_commit_with_a_wrong_hash_is_refused_and_leaves_nothing()
    {
        using var s = await Scenario.StartAsync("wronghash", PdfOrDocxEvidence);
        var id = await NewNominationAsync(s);
        var file = SampleDocuments.Pdf(2_000_000, "Ho so");
        var actual = Convert.ToHexStringLower(SHA256.HashData(file));
        var declared = Convert.ToHexStringLower(SHA256.HashData(SampleDocuments.Pdf("another file")));

        var session = await OpenSessionAsync(s, id, "Hồ sơ.pdf", "application/pdf", file.Length, declared);
        var uploadUrl = new Uri(session["uploadUrl"]!.GetValue<string>());
        var ids = new List<string>();
        using (var client = new HttpClient())
        {
            for (var (i, offset) = (0, 0); offset < file.Length; i++, offset += 1_000_000)
            {
                ids.Add(BlockId(i));
                using var put = await PutBlockAsync(client, uploadUrl, BlockId(i), file.AsMemory(offset, Math.Min(1_000_000, file.Length - offset)));
                Assert.AreEqual(HttpStatusCode.Created, put.StatusCode);
            }
        }

        using var commit = await s.Nominator.Http.PostAsJsonAsync(session["commitUrl"]!.GetValue<string>(), new { blockIds = ids });
        var body = await commit.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, commit.StatusCode, body);
        Assert.AreEqual(Problems.ContentType, commit.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(JsonNode.Parse(body)!["detail"]!.GetValue<string>(), $"The SHA-256 of what arrived is {actual}; you declared {declared}.");
        await AssertNothingStoredAsync(s, id, "a commit with a wrong hash");

        using var gone = await s.Nominator.Http.GetAsync(new Uri(session["sessionUrl"]!.GetValue<string>(), UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, gone.StatusCode, "the session ended with its blob");
    }

    [TestMethod]
    public async Task A_session_refuses_bad_declarations_and_commits_with_missing_blocks()
    {
        using var s = await Scenario.StartAsync("sessionbad", PdfOrDocxEvidence);
        var id = await NewNominationAsync(s);
        var sha = new string('a', 64);

        using (var bad = await s.Nominator.Http.PostAsJsonAsync($"api/nominations/{id}/documents/{Evidence}/sessions", new { fileName = "../x.pdf", contentType = "application/pdf", size = 0, sha256 = "xyz" }))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await AwardsClient.ProblemAsync(bad))["errors"]!.AsObject();
            CollectionAssert.AreEquivalent(BadSessionFields, errors.Select(e => e.Key).ToArray());
        }

        using (var exe = await s.Nominator.Http.PostAsJsonAsync($"api/nominations/{id}/documents/{Evidence}/sessions", new { fileName = "setup.exe", contentType = "application/x-msdownload", size = 10, sha256 = sha }))
        {
            Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, exe.StatusCode);
        }

        var session = await OpenSessionAsync(s, id, "a.pdf", "application/pdf", 10, sha);
        using var commit = await s.Nominator.Http.PostAsJsonAsync(session["commitUrl"]!.GetValue<string>(), new { blockIds = new[] { BlockId(0) } });
        Assert.AreEqual(HttpStatusCode.Conflict, commit.StatusCode);
        StringAssert.Contains((await AwardsClient.ProblemAsync(commit))["detail"]!.GetValue<string>(), "not in storage");

        using var stillThere = await s.Nominator.Http.GetAsync(new Uri(session["sessionUrl"]!.GetValue<string>(), UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, stillThere.StatusCode, "missing blocks can still be sent: the session stays");
        await AssertNothingStoredAsync(s, id, "a session without blocks");
    }

    [TestMethod]
    public async Task A_read_is_logged_and_its_link_works_for_minutes_while_the_container_refuses_anonymous_access()
    {
        using var s = await Scenario.StartAsync("reads", PdfOrDocxEvidence);
        var id = await NewNominationAsync(s);
        var pdf = SampleDocuments.Pdf("Minh chung doc duoc");
        using (var upload = await s.Nominator.UploadAsync(id, Evidence, pdf, "Minh chứng số 1.pdf"))
        {
            Assert.AreEqual(HttpStatusCode.Created, upload.StatusCode, await upload.Content.ReadAsStringAsync());
        }

        var before = DateTimeOffset.UtcNow;
        using var read = await s.Nominator.Http.GetAsync(new Uri($"api/nominations/{id}/documents/{Evidence}/1", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Redirect, read.StatusCode, await read.Content.ReadAsStringAsync());
        Assert.IsTrue(read.Headers.CacheControl?.NoStore == true, "the link is not cached");
        var link = read.Headers.Location!;
        var query = HttpUtility.ParseQueryString(link.Query);
        Assert.AreEqual("r", query["sp"], "read only");
        var lifetime = DateTimeOffset.Parse(query["se"]!, CultureInfo.InvariantCulture) - before;
        Assert.IsTrue(lifetime > TimeSpan.FromMinutes(1) && lifetime <= TimeSpan.FromMinutes(5), $"valid for minutes, not longer: {lifetime}");

        using var anonymous = new HttpClient();
        using (var download = await anonymous.GetAsync(link))
        {
            Assert.AreEqual(HttpStatusCode.OK, download.StatusCode);
            CollectionAssert.AreEqual(pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.AreEqual("Minh chứng số 1.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.AreEqual("application/pdf", download.Content.Headers.ContentType?.MediaType);
        }

        // Seconds later the same link still works (it is meant to last a couple of minutes).
        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var again = await anonymous.GetAsync(link))
        {
            Assert.AreEqual(HttpStatusCode.OK, again.StatusCode);
        }

        // Without the signature, neither the blob nor the container listing is readable.
        var bare = new UriBuilder(link) { Query = string.Empty }.Uri;
        using (var blob = await anonymous.GetAsync(bare))
        {
            Assert.IsFalse(blob.IsSuccessStatusCode, $"anonymous blob read: {blob.StatusCode}");
        }

        using (var list = await anonymous.GetAsync(new Uri(Dossiers.Uri + "?restype=container&comp=list")))
        {
            Assert.IsFalse(list.IsSuccessStatusCode, $"anonymous listing: {list.StatusCode}");
        }

        Assert.AreEqual(PublicAccessType.None, (await Dossiers.GetPropertiesAsync()).Value.PublicAccess);

        // The organiser reads too; both reads are in the read log, not in the transition history.
        using (var byOrganiser = await s.Organiser.Http.GetAsync(new Uri($"api/nominations/{id}/documents/{Evidence}/1", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.Redirect, byOrganiser.StatusCode);
        }

        using var log = await s.Organiser.Http.GetAsync(new Uri($"api/nominations/{id}/document-reads", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, log.StatusCode);
        var reads = JsonNode.Parse(await log.Content.ReadAsStringAsync())!.AsArray();
        Assert.HasCount(2, reads);
        Assert.AreEqual(s.NominatorEmail, reads[0]!["viewer"]!.GetValue<string>());
        Assert.AreEqual(Evidence, reads[0]!["type"]!.GetValue<string>());
        Assert.AreEqual(1, reads[0]!["version"]!.GetValue<int>());
        Assert.IsTrue(reads[0]!["at"]!.GetValue<DateTimeOffset>() >= before.AddSeconds(-5));
        Assert.IsFalse((await s.Nominator.GetNominationAsync(id)).History.Any(h => h.Action.Contains("read", StringComparison.OrdinalIgnoreCase)));

        using var byNominator = await s.Nominator.Http.GetAsync(new Uri($"api/nominations/{id}/document-reads", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Forbidden, byNominator.StatusCode, "the read log is the organisers'");

        using var missing = await s.Nominator.Http.GetAsync(new Uri($"api/nominations/{id}/documents/{Evidence}/9", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [TestMethod]
    public async Task Browsers_on_the_public_origin_may_send_blocks_straight_to_blob_storage()
    {
        // The runner sets the Blob service's CORS rule at start-up, in the background.
        var origin = TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority);
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, Dossiers.Uri + "/some-blob?comp=block&blockid=MDAwMDAw");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "PUT");
            preflight.Headers.Add("Access-Control-Request-Headers", "x-ms-version,content-md5,content-type");
            using var response = await client.SendAsync(preflight);
            if (response.IsSuccessStatusCode && response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed))
            {
                Assert.AreEqual(origin, allowed.Single());
                break;
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, $"No CORS rule for {origin} yet ({response.StatusCode}). Runner output:\n{TestHost.Runner.Output}");
            await Task.Delay(250);
        }

        using var stranger = new HttpRequestMessage(HttpMethod.Options, Dossiers.Uri + "/some-blob?comp=block&blockid=MDAwMDAw");
        stranger.Headers.Add("Origin", "https://evil.example");
        stranger.Headers.Add("Access-Control-Request-Method", "PUT");
        using var refused = await client.SendAsync(stranger);
        Assert.IsFalse(refused.Headers.Contains("Access-Control-Allow-Origin"), "other origins are not allowed");
    }

    private static Campaign PdfOrDocxEvidence(Campaign c) => c with
    {
        Documents = [.. c.Documents.Select(d => d.Type == Evidence ? d with { Formats = [Format.Pdf, Format.Docx] } : d)],
    };

    private static Campaign PdfDocxOrPngEvidence(Campaign c) => c with
    {
        Documents = [.. c.Documents.Select(d => d.Type == Evidence ? d with { Formats = [Format.Pdf, Format.Docx, Format.Png] } : d)],
    };

    private static async Task<string> NewNominationAsync(Scenario s) =>
        (await s.Nominator.CreateNominationAsync(new { campaignId = s.Campaign.Id, awardCode = "bk-mttq", kind = "collective", nomineeName = "Công an xã Hòa Xuân Tây" })).Nomination.Id;

    private static async Task<JsonNode> OpenSessionAsync(Scenario s, string id, string fileName, string contentType, long size, string sha256)
    {
        using var response = await s.Nominator.Http.PostAsJsonAsync($"api/nominations/{id}/documents/{Evidence}/sessions", new { fileName, contentType, size, sha256 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, body);
        var session = JsonNode.Parse(body)!;
        Assert.AreEqual(session["sessionUrl"]!.GetValue<string>(), response.Headers.Location?.OriginalString);
        return session;
    }

    private static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes(index.ToString("D6", CultureInfo.InvariantCulture)));

    // Content-MD5 is how the storage protocol checks a block in transit; it protects nothing.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Storage transfer checksum, not security.")]
    private static Task<HttpResponseMessage> PutBlockAsync(HttpClient client, Uri uploadUrl, string blockId, ReadOnlyMemory<byte> bytes) =>
        PutBlockAsync(client, uploadUrl, blockId, new ReadOnlyMemoryContent(bytes), CancellationToken.None, MD5.HashData(bytes.Span));

    private static async Task<HttpResponseMessage> PutBlockAsync(HttpClient client, Uri uploadUrl, string blockId, HttpContent content, CancellationToken ct, byte[]? md5 = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{uploadUrl}&comp=block&blockid={Uri.EscapeDataString(blockId)}") { Content = content };
        if (md5 is not null)
        {
            content.Headers.ContentMD5 = md5;
        }

        return await client.SendAsync(request, ct);
    }

    private static async Task<byte[]> DownloadThroughReadEndpointAsync(Scenario s, string id, int version)
    {
        using var read = await s.Nominator.Http.GetAsync(new Uri($"api/nominations/{id}/documents/{Evidence}/{version}", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Redirect, read.StatusCode, await read.Content.ReadAsStringAsync());
        using var client = new HttpClient();
        return await client.GetByteArrayAsync(read.Headers.Location);
    }

    /// <summary>Every blob under the nomination's folder (committed ones, and with <paramref name="states"/> also those with only staged blocks).</summary>
    private static async Task<List<BlobItem>> ListAsync(string id, BlobStates states = BlobStates.None)
    {
        var list = new List<BlobItem>();
        await foreach (var item in Dossiers.GetBlobsAsync(new GetBlobsOptions { Prefix = DocumentUploads.BlobFolder(id) + "/", States = states, Traits = BlobTraits.Metadata }))
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task AssertNothingStoredAsync(Scenario s, string id, string what)
    {
        var view = await s.Nominator.GetNominationAsync(id);
        Assert.IsEmpty(view.Documents, $"{what}: no version");
        Assert.IsFalse(view.History.Any(h => h.Action == AuditActions.DocumentUploaded), $"{what}: no upload row");
        Assert.IsEmpty(await ListAsync(id), $"{what}: no committed blob");
        Assert.IsEmpty(await ListAsync(id, BlobStates.Uncommitted), $"{what}: no staged blocks either");
    }

    /// <summary>Sends some bytes, then stalls and cancels the request, as a dropped connection would.</summary>
    private sealed class SlowContent(ReadOnlyMemory<byte> bytes, CancellationTokenSource cut) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes[..(bytes.Length / 2)]);
            await stream.FlushAsync();
            await cut.CancelAsync();
            await Task.Delay(Timeout.Infinite, cut.Token);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
