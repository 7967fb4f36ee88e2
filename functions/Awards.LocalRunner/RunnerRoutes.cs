using Awards.Web.Api;
using Awards.Web.Pages;
using Microsoft.DurableTask.Client;

namespace Awards.LocalRunner;

/// <summary>
/// The product's HTTP routes on the runner: the same paths, methods and handlers as the
/// Functions app's [Function] adapters (a test compares the two sets).
/// </summary>
public static class RunnerRoutes
{
    /// <summary>Maps every route.</summary>
    public static void MapAwardsRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/campaigns", (HttpContext h, CampaignApi api) => api.CreateAsync(h));
        app.MapGet("/api/campaigns/{campaignId}", (HttpContext h, CampaignApi api, string campaignId) => api.GetAsync(h, campaignId));
        app.MapPut("/api/campaigns/{campaignId}", (HttpContext h, CampaignApi api, string campaignId) => api.UpdateAsync(h, campaignId));
        app.MapPut("/api/campaigns/{campaignId}/templates/{documentType}", (HttpContext h, CampaignTemplateApi api, string campaignId, string documentType) => api.UploadAsync(h, campaignId, documentType));
        app.MapGet("/api/campaigns/{campaignId}/awards", (HttpContext h, AwardListApi api, string campaignId) => api.GetAsync(h, campaignId));
        app.MapPost("/api/campaigns/{campaignId}/decisions", (HttpContext h, DecisionApi api, string campaignId) => api.IssueAsync(h, campaignId));
        app.MapGet("/api/campaigns/{campaignId}/decisions", (HttpContext h, DecisionApi api, string campaignId) => api.ListAsync(h, campaignId));
        app.MapGet("/api/campaigns/{campaignId}/decisions/preview", (HttpContext h, DecisionApi api, string campaignId) => api.PreviewAsync(h, campaignId));
        app.MapGet("/api/campaigns/{campaignId}/progress", (HttpContext h, ProgressApi api, string campaignId) => api.GetAsync(h, campaignId));
        app.MapGet("/api/decisions/{decisionId}", (HttpContext h, DecisionApi api, string decisionId) => api.GetAsync(h, decisionId));
        app.MapGet("/api/decisions/{decisionId}/document", (HttpContext h, DecisionOutputsApi api, string decisionId) => api.DocumentAsync(h, decisionId));
        app.MapGet("/api/decisions/{decisionId}/certificates", (HttpContext h, DecisionOutputsApi api, string decisionId) => api.CertificatesAsync(h, decisionId));
        app.MapGet("/api/decisions/{decisionId}/certificates/{nominationId}", (HttpContext h, DecisionOutputsApi api, string decisionId, string nominationId) => api.CertificateAsync(h, decisionId, nominationId));
        app.MapPost("/api/nominations/{id}/revoke", (HttpContext h, DecisionApi api, string id) => api.RevokeAsync(h, id));
        app.MapMethods("/verify", [HttpMethods.Get, HttpMethods.Head], (HttpContext h, VerifyPages pages) => pages.ShowAsync(h, null));
        app.MapMethods("/verify/{code}", [HttpMethods.Get, HttpMethods.Head], (HttpContext h, VerifyPages pages, string code) => pages.ShowAsync(h, code));
        app.MapPost("/api/keys", (HttpContext h, KeyApi api) => api.IssueAsync(h));
        app.MapGet("/api/keys", (HttpContext h, KeyApi api) => api.ListAsync(h));
        app.MapPost("/api/keys/{keyId}/revoke", (HttpContext h, KeyApi api, string keyId) => api.RevokeAsync(h, keyId));
        app.MapDelete("/api/sessions", (HttpContext h, SessionApi api) => api.EndAllAsync(h));
        app.MapPost("/api/nominations", (HttpContext h, NominationApi api) => api.CreateAsync(h));
        app.MapGet("/api/nominations", (HttpContext h, NominationApi api) => api.ListAsync(h));
        app.MapGet("/api/nominations/{id}", (HttpContext h, NominationApi api, string id) => api.GetAsync(h, id));
        app.MapPut("/api/nominations/{id}/documents/{documentType}", (HttpContext h, NominationApi api, string id, string documentType) => api.UploadDocumentAsync(h, id, documentType));
        app.MapPost("/api/nominations/{id}/submit", (HttpContext h, NominationApi api, DurableTaskClient client, string id) => api.SubmitAsync(h, client, id));
        app.MapPost("/api/nominations/{id}/withdraw", (HttpContext h, NominationApi api, DurableTaskClient client, string id) => api.WithdrawAsync(h, client, id));
        app.MapPost("/api/nominations/{id}/cancel", (HttpContext h, NominationApi api, DurableTaskClient client, string id) => api.CancelAsync(h, client, id));
        app.MapPost("/api/nominations/{id}/retry", (HttpContext h, NominationApi api, DurableTaskClient client, string id) => api.RetryAsync(h, client, id));
        app.MapPost("/api/nominations/{id}/resubmit", (HttpContext h, NominationApi api, DurableTaskClient client, string id) => api.ResubmitAsync(h, client, id));
        app.MapPost("/api/proposals", (HttpContext h, ProposalApi api) => api.CreateAsync(h));
        app.MapGet("/api/proposals/{id}", (HttpContext h, ProposalApi api, string id) => api.GetAsync(h, id));
        app.MapPut("/api/proposals/{id}/documents/{documentType}", (HttpContext h, ProposalApi api, string id, string documentType) => api.UploadDocumentAsync(h, id, documentType));
        app.MapPost("/api/proposals/{id}/nominees", (HttpContext h, ProposalApi api, string id) => api.ImportNomineesAsync(h, id));
        app.MapPost("/api/proposals/{id}/submit", (HttpContext h, ProposalApi api, DurableTaskClient client, string id) => api.SubmitAsync(h, client, id));
        app.MapPost("/api/proposals/{id}/resubmit", (HttpContext h, ProposalApi api, DurableTaskClient client, string id) => api.ResubmitAsync(h, client, id));
        app.MapMethods("/review/{token}", [HttpMethods.Get, HttpMethods.Head], (HttpContext h, ReviewPages pages, string token) => pages.ShowAsync(h, token));
        app.MapGet("/review/{token}/documents/{ownerId}/{documentType}/{version}", (HttpContext h, ReviewPages pages, string token, string ownerId, string documentType, string version) => pages.OpenDocumentAsync(h, token, ownerId, documentType, version));
        app.MapPost("/review/{token}/delegate", (HttpContext h, ReviewPages pages, string token) => pages.DelegateAsync(h, token));
        app.MapPost("/review/{token}", (HttpContext h, ReviewPages pages, DurableTaskClient client, string token) => pages.DecideAsync(h, client, token));
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext h, HomePages pages) => pages.ShowAsync(h));
        app.MapPost("/language", (HttpContext h, HomePages pages) => pages.SwitchLanguageAsync(h));
        app.MapMethods("/assets/{name}", [HttpMethods.Get, HttpMethods.Head], (HttpContext h, string name) => SiteAssets.Get(h, name));
        app.MapGet("/organise", (HttpContext h, OrganiserPages pages) => pages.HomeAsync(h));
        app.MapGet("/organise/campaigns/{campaignId}/nominations", (HttpContext h, OrganiseNominationsPages pages, string campaignId) => pages.ListAsync(h, campaignId));
        app.MapGet("/organise/campaigns/{campaignId}/nominations/{nominationId}", (HttpContext h, OrganiseNominationsPages pages, string campaignId, string nominationId) => pages.ShowAsync(h, campaignId, nominationId));
        app.MapPost("/organise/campaigns/{campaignId}/nominations/{nominationId}/cancel", (HttpContext h, OrganiseNominationsPages pages, DurableTaskClient client, string campaignId, string nominationId) => pages.CancelAsync(h, client, campaignId, nominationId));
        app.MapPost("/organise/campaigns/{campaignId}/nominations/{nominationId}/retry", (HttpContext h, OrganiseNominationsPages pages, DurableTaskClient client, string campaignId, string nominationId) => pages.RetryAsync(h, client, campaignId, nominationId));
        app.MapGet("/organise/campaigns/{campaignId}/awards", (HttpContext h, OrganiseAwardsPages pages, string campaignId) => pages.ListAsync(h, campaignId));
        app.MapGet("/organise/campaigns/{campaignId}/decisions/new", (HttpContext h, OrganiseAwardsPages pages, string campaignId) => pages.NewDecisionAsync(h, campaignId));
        app.MapPost("/organise/campaigns/{campaignId}/decisions", (HttpContext h, OrganiseAwardsPages pages, string campaignId) => pages.IssueAsync(h, campaignId));
        app.MapGet("/organise/campaigns/{campaignId}/awards/{nominationId}/revoke", (HttpContext h, OrganiseAwardsPages pages, string campaignId, string nominationId) => pages.ShowRevokeAsync(h, campaignId, nominationId));
        app.MapPost("/organise/campaigns/{campaignId}/awards/{nominationId}/revoke", (HttpContext h, OrganiseAwardsPages pages, string campaignId, string nominationId) => pages.RevokeAsync(h, campaignId, nominationId));
        app.MapGet("/organise/campaigns/{campaignId}", (HttpContext h, OrganiseDashboardPages pages, string campaignId) => pages.ShowAsync(h, campaignId));
        app.MapPost("/organise/campaigns/{campaignId}/overdue/{nominationId}/remind", (HttpContext h, OrganiseDashboardPages pages, string campaignId, string nominationId) => pages.RemindAsync(h, campaignId, nominationId));
        app.MapGet("/organise/campaigns/{campaignId}/units", (HttpContext h, OrganiseUnitsPages pages, string campaignId) => pages.ShowAsync(h, campaignId));
        app.MapPost("/organise/campaigns/{campaignId}/units", (HttpContext h, OrganiseUnitsPages pages, string campaignId) => pages.InviteAsync(h, campaignId));
        app.MapPost("/organise/campaigns/{campaignId}/units/revoke", (HttpContext h, OrganiseUnitsPages pages, string campaignId) => pages.RevokeAsync(h, campaignId));
        app.MapGet("/organise/campaigns/new", (HttpContext h, OrganiseSettingsPages pages) => pages.NewAsync(h));
        app.MapPost("/organise/campaigns", (HttpContext h, OrganiseSettingsPages pages) => pages.CreateAsync(h));
        app.MapGet("/organise/campaigns/{campaignId}/settings", (HttpContext h, OrganiseSettingsPages pages, string campaignId) => pages.ShowAsync(h, campaignId));
        app.MapPost("/organise/campaigns/{campaignId}/settings", (HttpContext h, OrganiseSettingsPages pages, string campaignId) => pages.SaveAsync(h, campaignId));
        app.MapPost("/organise/campaigns/{campaignId}/settings/upload", (HttpContext h, OrganiseSettingsPages pages, string campaignId) => pages.UploadAsync(h, campaignId));
        app.MapGet("/organise/campaigns/{campaignId}/settings/configuration", (HttpContext h, OrganiseSettingsPages pages, string campaignId) => pages.DownloadAsync(h, campaignId));
        app.MapGet("/signin", (HttpContext h, SignInPages pages) => pages.ShowFormAsync(h));
        app.MapPost("/signin", (HttpContext h, SignInPages pages) => pages.RequestLinkAsync(h));
        app.MapGet("/signin/me", (HttpContext h, SignInPages pages) => pages.MeAsync(h));
        app.MapMethods("/signin/{token}", [HttpMethods.Get, HttpMethods.Head], (HttpContext h, SignInPages pages, string token) => pages.ShowLinkAsync(h, token));
        app.MapPost("/signin/{token}", (HttpContext h, SignInPages pages, string token) => pages.SignInAsync(h, token));
        app.MapPost("/signout", (HttpContext h, SignInPages pages) => pages.SignOutAsync(h));
        app.MapGet("/unit", (HttpContext h, ProposalPages pages) => pages.HomeAsync(h));
        app.MapGet("/unit/proposals/new", (HttpContext h, ProposalPages pages) => pages.NewAsync(h));
        app.MapPost("/unit/proposals", (HttpContext h, ProposalPages pages) => pages.CreateAsync(h));
        app.MapGet("/unit/proposals/{id}", (HttpContext h, ProposalPages pages, string id) => pages.ShowAsync(h, id));
        app.MapGet("/unit/proposals/{id}/documents/{documentType}/{version}", (HttpContext h, ProposalPages pages, string id, string documentType, string version) => pages.OpenDocumentAsync(h, id, documentType, version));
        app.MapPost("/unit/proposals/{id}/documents/{documentType}", (HttpContext h, ProposalPages pages, string id, string documentType) => pages.UploadDocumentAsync(h, id, documentType));
        app.MapPost("/unit/proposals/{id}/nominees", (HttpContext h, ProposalPages pages, string id) => pages.AddNomineeAsync(h, id));
        app.MapPost("/unit/proposals/{id}/import", (HttpContext h, ProposalPages pages, string id) => pages.ImportAsync(h, id));
        app.MapPost("/unit/proposals/{id}/submit", (HttpContext h, ProposalPages pages, DurableTaskClient client, string id) => pages.SubmitAsync(h, client, id));
        app.MapPost("/unit/proposals/{id}/resubmit", (HttpContext h, ProposalPages pages, DurableTaskClient client, string id) => pages.ResubmitAsync(h, client, id));
        app.MapGet("/unit/campaigns/{campaignId}/templates/{name}", (HttpContext h, ProposalPages pages, string campaignId, string name) => pages.TemplateAsync(h, campaignId, name));
        app.MapGet("/unit/nominations/{id}", (HttpContext h, NominationPages pages, string id) => pages.ShowAsync(h, id));
        app.MapPost("/unit/nominations/{id}/documents/{documentType}", (HttpContext h, NominationPages pages, string id, string documentType) => pages.UploadAsync(h, id, documentType));
        app.MapPost("/unit/nominations/{id}/resubmit", (HttpContext h, NominationPages pages, DurableTaskClient client, string id) => pages.ResubmitAsync(h, client, id));
        app.MapPost("/unit/nominations/{id}/withdraw", (HttpContext h, NominationPages pages, DurableTaskClient client, string id) => pages.WithdrawAsync(h, client, id));
        app.MapPost("/api/nominations/{id}/documents/{documentType}/sessions", (HttpContext h, NominationDocumentApi api, string id, string documentType) => api.OpenSessionAsync(h, id, documentType));
        app.MapGet("/api/nominations/{id}/documents/{documentType}/sessions/{sessionId}", (HttpContext h, NominationDocumentApi api, string id, string documentType, string sessionId) => api.GetSessionAsync(h, id, documentType, sessionId));
        app.MapPost("/api/nominations/{id}/documents/{documentType}/sessions/{sessionId}/commit", (HttpContext h, NominationDocumentApi api, string id, string documentType, string sessionId) => api.CommitSessionAsync(h, id, documentType, sessionId));
        app.MapGet("/api/nominations/{id}/documents/{documentType}/{version}", (HttpContext h, NominationDocumentApi api, string id, string documentType, string version) => api.ReadAsync(h, id, documentType, version));
        app.MapGet("/api/nominations/{id}/document-reads", (HttpContext h, NominationDocumentApi api, string id) => api.ListReadsAsync(h, id));
        app.MapGet("/api/nominations/{id}/audit", (HttpContext h, AuditApi api, string id) => api.GetAsync(h, id));
        app.MapGet("/api/health", (HttpContext h, HealthApi api) => api.GetAsync(h));
    }
}
