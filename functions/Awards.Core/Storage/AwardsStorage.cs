using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Awards.Storage;

/// <summary>
/// The tables and containers the product uses, created once at start. Table names are
/// alphanumeric; container names lower-case with dashes.
/// </summary>
public sealed class AwardsStorage
{
    /// <summary>Creates the clients from options: by connection string or by managed identity, as <see cref="StorageConnectionOptions"/> decides.</summary>
    public AwardsStorage(IOptions<StorageOptions> options, IOptions<StorageConnectionOptions> connection)
    {
        var tables = connection.Value.CreateTableServiceClient();
        Blobs = connection.Value.CreateBlobServiceClient();
        var prefix = options.Value.NamePrefix;
        Campaigns = tables.GetTableClient(prefix + "Campaigns");
        Nominations = tables.GetTableClient(prefix + "Nominations");
        CampaignNominations = tables.GetTableClient(prefix + "CampaignNominations");
        AwardList = tables.GetTableClient(prefix + "AwardList");
        Proposals = tables.GetTableClient(prefix + "Proposals");
        ApiKeys = tables.GetTableClient(prefix + "ApiKeys");
        MailOutbox = tables.GetTableClient(prefix + "MailOutbox");
        NomineeIndex = tables.GetTableClient(prefix + "NomineeIndex");
        Dossiers = Blobs.GetBlobContainerClient(prefix + "-dossiers");
        Configuration = Blobs.GetBlobContainerClient(prefix + "-config");
        SignIn = tables.GetTableClient(prefix + "SignIn");
        Deliveries = tables.GetTableClient(prefix + "Deliveries");
        Alarms = tables.GetTableClient(prefix + "Alarms");
        Decisions = tables.GetTableClient(prefix + "Decisions");
        Verifications = tables.GetTableClient(prefix + "Verifications");
        Sessions = tables.GetTableClient(prefix + "Sessions");
        DataProtectionKeys = Blobs.GetBlobContainerClient(prefix + "-keys");
    }

    /// <summary>Blob service (documents, configuration).</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>Campaign index: one row per campaign, its configuration versions in blobs.</summary>
    public TableClient Campaigns { get; }

    /// <summary>One partition per nomination: the nomination, its documents, decision claims and audit log.</summary>
    public TableClient Nominations { get; }

    /// <summary>Nominations by campaign, for listing.</summary>
    public TableClient CampaignNominations { get; }

    /// <summary>The final award lists, one partition per campaign.</summary>
    public TableClient AwardList { get; }

    /// <summary>Proposal letters by campaign.</summary>
    public TableClient Proposals { get; }

    /// <summary>API keys, stored by hash.</summary>
    public TableClient ApiKeys { get; }

    /// <summary>Mail waiting to be delivered (partition "pending") and delivered (partition "sent"), by idempotency key.</summary>
    public TableClient MailOutbox { get; }

    /// <summary>Nominations and awards by nominee identity, for duplicate detection (see <see cref="Storage.NomineeIndex"/>).</summary>
    public TableClient NomineeIndex { get; }

    /// <summary>Private container for dossier documents.</summary>
    public BlobContainerClient Dossiers { get; }

    /// <summary>Private container for campaign configuration versions.</summary>
    public BlobContainerClient Configuration { get; }

    /// <summary>Sign-in links already used (one row per link) and per-address sending slots (rate limit).</summary>
    public TableClient SignIn { get; }

    /// <summary>Sign-in sessions, one row per session, partitioned by the signed-in address (see <see cref="Security.SessionStore"/>).</summary>
    public TableClient Sessions { get; }

    /// <summary>Private container for the ASP.NET Core Data Protection key ring (session cookies), shared by every instance and both hosts.</summary>
    public BlobContainerClient DataProtectionKeys { get; }

    /// <summary>
    /// Index of workflow events that may still be undelivered: a row per nomination whose change
    /// owed its workflow an event, by time, so the redelivery sweep reads a short range instead
    /// of scanning the nominations.
    /// </summary>
    public TableClient Deliveries { get; }

    /// <summary>
    /// The due-time index: when open stage rounds' reminders and deadlines fall due, by minute
    /// (see <see cref="AlarmIndex"/>), so the alarm sweep reads only what is due.
    /// </summary>
    public TableClient Alarms { get; }

    /// <summary>The awarding bodies' registers of award decisions (see <c>DecisionStore</c>).</summary>
    public TableClient Decisions { get; }

    /// <summary>Certificates' verification codes, each pointing at its award list entry (see <c>/verify/{code}</c>).</summary>
    public TableClient Verifications { get; }

    /// <summary>Creates what does not exist yet. Safe to call from every instance.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            Campaigns.CreateIfNotExistsAsync(cancellationToken),
            Nominations.CreateIfNotExistsAsync(cancellationToken),
            CampaignNominations.CreateIfNotExistsAsync(cancellationToken),
            AwardList.CreateIfNotExistsAsync(cancellationToken),
            Proposals.CreateIfNotExistsAsync(cancellationToken),
            ApiKeys.CreateIfNotExistsAsync(cancellationToken),
            MailOutbox.CreateIfNotExistsAsync(cancellationToken),
            NomineeIndex.CreateIfNotExistsAsync(cancellationToken),
            Dossiers.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken),
            Configuration.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken),
            SignIn.CreateIfNotExistsAsync(cancellationToken),
            Deliveries.CreateIfNotExistsAsync(cancellationToken),
            Alarms.CreateIfNotExistsAsync(cancellationToken),
            Decisions.CreateIfNotExistsAsync(cancellationToken),
            Verifications.CreateIfNotExistsAsync(cancellationToken),
            Sessions.CreateIfNotExistsAsync(cancellationToken),
            DataProtectionKeys.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken));
    }
}
