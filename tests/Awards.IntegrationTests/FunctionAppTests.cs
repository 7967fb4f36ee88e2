using Awards.Testing;
using System.Text.Json;
using System.Text.RegularExpressions;
using Awards.Workflow;

namespace Awards.IntegrationTests;

/// <summary>
/// The Azure Functions host cannot run on these machines, so the Functions app is checked
/// through what its build generates (functions.metadata, the list the host indexes) and
/// against the local runner, which must serve exactly the same routes.
/// </summary>
[TestClass]
public sealed partial class FunctionAppTests
{
    // The product's routes: (method, path) → function name. GET /review/{token} and GET /signin/{token} also answer HEAD.
    private static readonly (string Method, string Route, string Function)[] ExpectedHttp =
    [
        ("GET", "{ignored:maxlength(0)?}", "ShowHome"),
        ("HEAD", "{ignored:maxlength(0)?}", "ShowHome"),
        ("POST", "language", "SwitchLanguage"),
        ("GET", "organise", "ShowConsole"),
        ("GET", "organise/campaigns/{campaignId}/nominations", "ShowConsoleNominations"),
        ("GET", "organise/campaigns/{campaignId}/nominations/{nominationId}", "ShowConsoleNomination"),
        ("POST", "organise/campaigns/{campaignId}/nominations/{nominationId}/cancel", "CancelFromConsole"),
        ("POST", "organise/campaigns/{campaignId}/nominations/{nominationId}/retry", "RetryFromConsole"),
        ("GET", "organise/campaigns/{campaignId}/awards", "ShowConsoleAwards"),
        ("GET", "organise/campaigns/{campaignId}/decisions/new", "ShowNewDecision"),
        ("POST", "organise/campaigns/{campaignId}/decisions", "IssueDecisionFromConsole"),
        ("GET", "organise/campaigns/{campaignId}/awards/{nominationId}/revoke", "ShowRevokeAward"),
        ("POST", "organise/campaigns/{campaignId}/awards/{nominationId}/revoke", "RevokeFromConsole"),
        ("GET", "organise/campaigns/{campaignId}", "ShowCampaignDashboard"),
        ("POST", "organise/campaigns/{campaignId}/overdue/{nominationId}/remind", "RemindAgainFromDashboard"),
        ("GET", "organise/campaigns/{campaignId}/units", "ShowCampaignUnits"),
        ("POST", "organise/campaigns/{campaignId}/units", "InviteUnit"),
        ("POST", "organise/campaigns/{campaignId}/units/revoke", "RevokeUnitKeys"),
        ("GET", "organise/campaigns/new", "ShowNewCampaign"),
        ("POST", "organise/campaigns", "CreateCampaignFromConsole"),
        ("GET", "organise/campaigns/{campaignId}/settings", "ShowCampaignSettings"),
        ("POST", "organise/campaigns/{campaignId}/settings", "SaveCampaignSettings"),
        ("POST", "organise/campaigns/{campaignId}/settings/upload", "UploadCampaignConfiguration"),
        ("GET", "organise/campaigns/{campaignId}/settings/configuration", "DownloadCampaignConfiguration"),
        ("GET", "assets/{name}", "GetAsset"),
        ("HEAD", "assets/{name}", "GetAsset"),
        ("POST", "api/campaigns/{campaignId}/decisions", "IssueDecision"),
        ("GET", "api/campaigns/{campaignId}/decisions", "ListDecisions"),
        ("GET", "api/campaigns/{campaignId}/decisions/preview", "PreviewDecision"),
        ("GET", "api/decisions/{decisionId}", "GetDecision"),
        ("GET", "api/campaigns/{campaignId}/progress", "GetCampaignProgress"),
        ("GET", "api/decisions/{decisionId}/document", "GetDecisionDocument"),
        ("GET", "api/decisions/{decisionId}/certificates", "GetCertificates"),
        ("GET", "api/decisions/{decisionId}/certificates/{nominationId}", "GetCertificate"),
        ("POST", "api/nominations/{id}/revoke", "RevokeAward"),
        ("GET", "verify", "ShowVerifyForm"),
        ("HEAD", "verify", "ShowVerifyForm"),
        ("GET", "verify/{code}", "VerifyCertificate"),
        ("HEAD", "verify/{code}", "VerifyCertificate"),
        ("POST", "api/campaigns", "CreateCampaign"),
        ("GET", "api/campaigns/{campaignId}", "GetCampaign"),
        ("PUT", "api/campaigns/{campaignId}", "UpdateCampaign"),
        ("GET", "api/campaigns/{campaignId}/awards", "GetAwardList"),
        ("POST", "api/keys", "IssueKey"),
        ("GET", "api/keys", "ListKeys"),
        ("POST", "api/keys/{keyId}/revoke", "RevokeKey"),
        ("DELETE", "api/sessions", "EndSessions"),
        ("POST", "api/nominations", "CreateNomination"),
        ("GET", "api/nominations", "ListNominations"),
        ("GET", "api/nominations/{id}", "GetNomination"),
        ("PUT", "api/nominations/{id}/documents/{documentType}", "UploadDocument"),
        ("POST", "api/nominations/{id}/submit", "SubmitNomination"),
        ("POST", "api/nominations/{id}/resubmit", "ResubmitNomination"),
        ("POST", "api/nominations/{id}/withdraw", "WithdrawNomination"),
        ("POST", "api/nominations/{id}/cancel", "CancelNomination"),
        ("POST", "api/nominations/{id}/retry", "RetryNomination"),
        ("POST", "api/proposals", "CreateProposal"),
        ("GET", "api/proposals/{id}", "GetProposal"),
        ("PUT", "api/proposals/{id}/documents/{documentType}", "UploadProposalDocument"),
        ("POST", "api/proposals/{id}/nominees", "ImportNominees"),
        ("POST", "api/proposals/{id}/submit", "SubmitProposal"),
        ("POST", "api/proposals/{id}/resubmit", "ResubmitProposal"),
        ("GET", "review/{token}", "ShowReview"),
        ("HEAD", "review/{token}", "ShowReview"),
        ("POST", "review/{token}", "DecideReview"),
        ("POST", "review/{token}/delegate", "DelegateReview"),
        ("GET", "review/{token}/documents/{ownerId}/{documentType}/{version}", "OpenReviewDocument"),
        ("GET", "signin", "ShowSignIn"),
        ("POST", "signin", "RequestSignInLink"),
        ("GET", "signin/me", "ShowSignedIn"),
        ("GET", "signin/{token}", "ShowSignInLink"),
        ("HEAD", "signin/{token}", "ShowSignInLink"),
        ("POST", "signin/{token}", "SignIn"),
        ("POST", "signout", "SignOut"),
        ("GET", "unit/nominations/{id}", "ShowNominationPage"),
        ("POST", "unit/nominations/{id}/documents/{documentType}", "UploadFromNominationPage"),
        ("POST", "unit/nominations/{id}/resubmit", "ResubmitFromNominationPage"),
        ("POST", "unit/nominations/{id}/withdraw", "WithdrawFromNominationPage"),
        ("POST", "api/nominations/{id}/documents/{documentType}/sessions", "OpenUploadSession"),
        ("GET", "api/nominations/{id}/documents/{documentType}/sessions/{sessionId}", "GetUploadSession"),
        ("POST", "api/nominations/{id}/documents/{documentType}/sessions/{sessionId}/commit", "CommitUploadSession"),
        ("GET", "api/nominations/{id}/documents/{documentType}/{version}", "ReadDocument"),
        ("GET", "api/nominations/{id}/document-reads", "ListDocumentReads"),
        ("GET", "api/health", "Health"),
        ("GET", "api/nominations/{id}/audit", "GetNominationAudit"),
        ("PUT", "api/campaigns/{campaignId}/templates/{documentType}", "UploadCampaignTemplate"),
        ("GET", "unit", "ShowWorkspace"),
        ("GET", "unit/proposals/new", "ShowNewProposal"),
        ("POST", "unit/proposals", "CreateProposalPage"),
        ("GET", "unit/proposals/{id}", "ShowProposal"),
        ("GET", "unit/proposals/{id}/documents/{documentType}/{version}", "OpenProposalDocument"),
        ("POST", "unit/proposals/{id}/documents/{documentType}", "UploadProposalDocumentForm"),
        ("POST", "unit/proposals/{id}/nominees", "AddNomineeForm"),
        ("POST", "unit/proposals/{id}/import", "ImportNomineesForm"),
        ("POST", "unit/proposals/{id}/submit", "SubmitProposalForm"),
        ("POST", "unit/proposals/{id}/resubmit", "ResubmitProposalForm"),
        ("GET", "unit/campaigns/{campaignId}/templates/{name}", "DownloadCampaignTemplate"),
    ];

    // Only these start or signal an orchestration, so only these need a DurableTaskClient.
    private static readonly string[] NeedDurableClient = ["SubmitNomination", "ResubmitNomination", "SubmitProposal", "ResubmitProposal", "WithdrawNomination", "CancelNomination", "RetryNomination", "DecideReview", "SubmitProposalForm", "ResubmitProposalForm", "ResubmitFromNominationPage", "WithdrawFromNominationPage"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Every_orchestrator_activity_and_http_route_is_in_the_generated_function_metadata()
    {
        var functions = ReadFunctionsMetadata();
        var byName = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Assert.HasCount(byName.Count, functions, "Function names must be unique.");

        // The orchestrator, under the name the clients start it by.
        Assert.IsTrue(byName.TryGetValue(nameof(NominationOrchestration), out var orchestrator), "No NominationOrchestration function.");
        CollectionAssert.Contains(orchestrator.BindingTypes.ToList(), "orchestrationTrigger");

        // One activity per workflow activity type, named exactly as the orchestrator calls it.
        foreach (var activity in WorkflowRegistration.ActivityTypes)
        {
            Assert.IsTrue(byName.TryGetValue(activity.Name, out var function), $"No activity function named {activity.Name}.");
            CollectionAssert.Contains(function.BindingTypes.ToList(), "activityTrigger", $"{activity.Name} is not an activity trigger.");
        }

        var activities = functions.Where(f => f.BindingTypes.Contains("activityTrigger")).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(WorkflowRegistration.ActivityTypes.Select(t => t.Name).Order(StringComparer.Ordinal).ToList(), activities, "Activity functions differ from WorkflowRegistration.ActivityTypes.");

        // Exactly the product's HTTP routes, each on the function named for it.
        var actualHttp = functions
            .SelectMany(f => f.HttpMethods.Select(m => $"{m} {f.Route} → {f.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var expectedHttp = ExpectedHttp.Select(e => $"{e.Method} {e.Route} → {e.Function}").Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(expectedHttp, actualHttp, Difference("functions.metadata", actualHttp, "expected", expectedHttp));

        // The mail outbox is delivered on a timer in Azure (a background service in the runner).
        Assert.IsTrue(byName.TryGetValue("DeliverMail", out var deliverMail), "No DeliverMail function.");
        CollectionAssert.Contains(deliverMail.BindingTypes.ToList(), "timerTrigger");

        // So is the sweep that raises decisions claimed but never delivered to their workflow.
        Assert.IsTrue(byName.TryGetValue("RedeliverEvents", out var redeliver), "No RedeliverEvents function.");
        CollectionAssert.IsSubsetOf(new[] { "timerTrigger", "durableClient" }, redeliver.BindingTypes.ToList());

        // And the sweep that raises reminders and deadlines from the due-time index.
        Assert.IsTrue(byName.TryGetValue("SweepAlarms", out var alarms), "No SweepAlarms function.");
        CollectionAssert.IsSubsetOf(new[] { "timerTrigger", "durableClient" }, alarms.BindingTypes.ToList());

        foreach (var name in NeedDurableClient)
        {
            Assert.IsTrue(byName.TryGetValue(name, out var function), $"No function named {name}.");
            CollectionAssert.Contains(function.BindingTypes.ToList(), "durableClient", $"{name} has no durableClient binding.");
        }
    }

    [TestMethod]
    public void The_functions_app_and_the_local_runner_serve_the_same_routes()
    {
        var runner = RunnerRoutesTable();
        var functions = ReadFunctionsMetadata()
            .SelectMany(f => f.HttpMethods.Select(m => $"{m} {NormalizePath("/" + f.Route)}"))
            .ToHashSet(StringComparer.Ordinal);

        // /dev/ pages (the local mail outbox) exist only on the runner, by design.
        Assert.IsTrue(runner.Any(r => r.Path.StartsWith("/dev/", StringComparison.Ordinal)), "The runner maps no /dev/ routes; is MapDevPages still called?");
        var devInFunctions = functions.Where(f => f.Split(' ')[1].StartsWith("/dev/", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(devInFunctions, "The Functions app must not serve /dev/ routes: " + string.Join(", ", devInFunctions));

        var product = runner
            .Where(r => !r.Path.StartsWith("/dev/", StringComparison.Ordinal))
            .Select(r => $"{r.Method} {r.Path}")
            .ToHashSet(StringComparer.Ordinal);
        TestContext.WriteLine("Runner routes: " + string.Join("; ", product.Order(StringComparer.Ordinal)));

        Assert.IsTrue(product.SetEquals(functions), Difference("runner", product, "functions.metadata", functions));
    }

    /// <summary>(method, normalised path) of every endpoint the runner maps.</summary>
    private static List<(string Method, string Path)> RunnerRoutesTable() =>
        [.. RunnerRouteTable.Read().Select(r => (r.Method, NormalizePath(r.Pattern)))];

    /// <summary>One leading slash, no trailing slash, parameters without constraints or defaults.</summary>
    private static string NormalizePath(string path)
    {
        // A Functions route cannot be empty: the site's root is an optional segment that must be empty.
        if (path.Trim('/') == "{ignored:maxlength(0)?}")
        {
            return "/";
        }

        var trimmed = "/" + path.Trim().Trim('/');
        return RouteParameter().Replace(trimmed, m => "{" + m.Groups["name"].Value + "}");
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private static string Difference(string leftName, IEnumerable<string> left, string rightName, IEnumerable<string> right)
    {
        var onlyLeft = left.Except(right, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var onlyRight = right.Except(left, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return $"Only in {leftName}: [{string.Join("; ", onlyLeft)}]. Only in {rightName}: [{string.Join("; ", onlyRight)}].";
    }

    private sealed record FunctionEntry(string Name, IReadOnlyList<string> BindingTypes, IReadOnlyList<string> HttpMethods, string? Route);

    /// <summary>Reads the Functions app's functions.metadata, built in the same configuration as these tests when it exists.</summary>
    private static List<FunctionEntry> ReadFunctionsMetadata()
    {
        var path = FunctionsMetadataPath();
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var functions = new List<FunctionEntry>();
        foreach (var f in json.RootElement.EnumerateArray())
        {
            var bindings = f.GetProperty("bindings").EnumerateArray().ToList();
            var http = bindings.Where(b => b.GetProperty("type").GetString() == "httpTrigger").ToList();
            functions.Add(new FunctionEntry(
                f.GetProperty("name").GetString()!,
                [.. bindings.Select(b => b.GetProperty("type").GetString()!)],
                [.. http.SelectMany(b => b.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()) : ["*"])],
                http.Select(b => b.TryGetProperty("route", out var r) ? r.GetString() : null).FirstOrDefault()));
        }

        return functions;
    }

    private static string FunctionsMetadataPath() =>
        File.Exists(RepositoryPaths.FunctionsMetadata)
            ? RepositoryPaths.FunctionsMetadata
            : throw new AssertFailedException("functions.metadata not found; build functions/Awards.FunctionApp first (dotnet build). Looked at " + RepositoryPaths.FunctionsMetadata);
}
