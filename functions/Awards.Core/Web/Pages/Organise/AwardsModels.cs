using Awards.Domain;
using Awards.Outputs;
using Awards.Storage;

namespace Awards.Web.Pages.Organise;

/// <summary>One list of the awards tab: a body's awards to one kind of nominee, in Vietnamese order.</summary>
/// <param name="Kind">Collective or individual.</param>
/// <param name="Shown">The first <see cref="AwardsPageModel.MaxRowsShown"/> awards.</param>
/// <param name="Count">How many awards the list has (the filters applied).</param>
public sealed record AwardsList(NomineeKind Kind, IReadOnlyList<AwardListEntry> Shown, int Count);

/// <summary>One awarding body's lists.</summary>
/// <param name="AwardingBody">The body.</param>
/// <param name="Lists">Its collectives' list, then its individuals' (the kind filter applied).</param>
public sealed record AwardsBody(string AwardingBody, IReadOnlyList<AwardsList> Lists)
{
    /// <summary>Awards on its lists.</summary>
    public int Total => Lists.Sum(l => l.Count);
}

/// <summary>What the awards tab shows.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Filter">The lists' filters (as the export links pass them on).</param>
/// <param name="Bodies">The lists by awarding body, as <c>GET /api/campaigns/{id}/awards</c> groups them.</param>
/// <param name="Decisions">The campaign's decisions, oldest first.</param>
public sealed record AwardsPageModel(Campaign Campaign, AwardFilter Filter, IReadOnlyList<AwardsBody> Bodies, IReadOnlyList<AwardDecision> Decisions)
{
    /// <summary>Most rows of one list the page shows; the exports have them all.</summary>
    public const int MaxRowsShown = 500;

    /// <summary>Awards on all the lists.</summary>
    public int Total => Bodies.Sum(b => b.Total);

    /// <summary>The filters as the query of <c>GET /api/campaigns/{id}/awards</c> (starting with <c>&amp;</c>, or empty).</summary>
    public string FilterQuery
    {
        get
        {
            var parts = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    parts.Add(name + "=" + Uri.EscapeDataString(value));
                }
            }

            Add("award", Filter.AwardCode);
            Add("kind", Filter.Kind switch { NomineeKind.Collective => "collective", NomineeKind.Individual => "individual", _ => null });
            Add("province", Filter.ProvinceCode);
            Add("unit", Filter.Unit);
            Add("includeRevoked", Filter.IncludeRevoked ? "true" : null);
            return string.Concat(parts.Select(p => "&" + p));
        }
    }

    /// <summary>The export of the lists in a format (<c>csv</c>, <c>xlsx</c>, <c>pdf</c>) with the page's filters.</summary>
    public string ExportUrl(string format) => $"/api/campaigns/{Uri.EscapeDataString(Campaign.Id)}/awards?format={format}{FilterQuery}";
}

/// <summary>What the page that prepares a decision shows.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Award">The award the decision confers.</param>
/// <param name="Preview">The number it will get and how many await one (<see cref="AwardDecisions.PreviewAsync"/>).</param>
/// <param name="Awaiting">The approved nominations awaiting a decision, to choose from.</param>
/// <param name="Today">Today in Vietnam (the default date).</param>
/// <param name="Form">The values typed, when the form comes back with an error.</param>
public sealed record DecisionFormModel(Campaign Campaign, AwardDefinition Award, IssuePreview Preview, IReadOnlyList<AwardListEntry> Awaiting, DateOnly Today, DecisionFormValues? Form);

/// <summary>The fields of the decision form as posted.</summary>
/// <param name="All">True to list every approved nomination awaiting a decision; false for the chosen ones.</param>
/// <param name="Chosen">The nominations ticked.</param>
/// <param name="Date">The date as typed (yyyy-MM-dd).</param>
/// <param name="Title">The title.</param>
/// <param name="SignerName">Who signs.</param>
/// <param name="SignerTitle">Their title.</param>
public sealed record DecisionFormValues(bool All, IReadOnlyList<string> Chosen, string Date, string Title, string SignerName, string SignerTitle);

/// <summary>What the revocation page shows.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Nomination">The awarded nomination.</param>
public sealed record RevokeModel(Campaign Campaign, Nomination Nomination);
