using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// Every page and form against every role and a foreign party: the person gets it (2xx, or a redirect after a
/// successful form), 403, or — signed out — a redirect to sign-in. One host for the whole matrix.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class PageAuthorizationTests
{
    private const string Ok = "ok";
    private const string Forbidden = "403";
    private const string SignIn = "sign-in";

    // Who: the Secretariat, Kazakhstan's focal point and chief negotiator, an observer, a foreign party's focal point, nobody.
    private static readonly string?[] People = ["secretariat", "fp-kaz", "cn-kaz", "obs-aze", "fp-mon", null];

    /// <summary>Page (method, path) and the expected answer for each person, in the order of <see cref="People"/>.</summary>
    private static readonly (string Method, string Path, string[] Expected)[] Matrix =
    [
        ("GET", "/", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/procedures", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/procedures/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/procedures/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/calendars?party=KAZ&year=2026", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/calendars?handler=add&party=KAZ&year=2026", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/procedures/{key}", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/procedures/{key}?handler=extend", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/procedures/{key}/messages", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/procedures/{key}/audit", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/procedures/{key}/audit", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/registry", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/workflows", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/workflows/written-procedure/instances", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/workflows/written-procedure/instances/{key}", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/workflows/written-procedure/instances/{key}", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/inbox", [Forbidden, Ok, Ok, Forbidden, Ok, SignIn]),
        ("GET", "/procedures/{key}/respond/KAZ", [Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("POST", "/procedures/{key}/respond/KAZ", [Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("GET", "/hangfire", [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("GET", "/me/sessions", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/registry/people", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/registry/people?FilterParty=KAZ&FilterRole=focal-point&page=2", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/registry/people/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/registry/people/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/registry/people/te-geo-tf", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/registry/people/te-geo-tf?handler=change", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/registry/people/cn-mon?handler=replace", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/registry/people/te-geo-tf?handler=deactivate", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/registry?handler=status", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/registry?handler=close", [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/me", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("POST", "/me", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("POST", "/procedures/{key}?handler=withdraw", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
    ];

    [Fact]
    public async Task EveryPage_AgainstEveryRoleAndAForeignParty_OnlyThoseWhoBelongGetIn()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var failures = new List<string>();
        var sessions = new Dictionary<string, PageSession>();
        try
        {
            foreach (var person in People)
            {
                sessions[person ?? "(anonymous)"] = await PageSession.SignInAsync(d.Host, person);
            }

            foreach (var (method, template, expected) in Matrix)
            {
                for (var i = 0; i < People.Length; i++)
                {
                    var who = People[i] ?? "(anonymous)";
                    var session = sessions[who];
                    var path = template.Replace("{key}", key, StringComparison.Ordinal);
                    var response = method == "GET"
                        ? await session.GetAsync(path)
                        : await session.PostFormAsync(path, Form(path));
                    var actual = Classify(response);
                    if (actual != expected[i])
                    {
                        failures.Add($"{method} {path} as {who}: expected {expected[i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                    }
                }
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    // Who, for the negotiation's pages: the Secretariat, Kazakhstan's focal point, Mongolia's chief negotiator (another
    // party), Kazakhstan's chief negotiator, Kazakhstan's lead negotiator (delegated to half-way through), an observer, nobody.
    private static readonly string?[] Negotiators = ["secretariat", "fp-kaz", "cn-mon", "cn-kaz", "ln-kaz-tf", "obs-aze", null];

    /// <summary>
    /// Rows run in order against one host: the Secretariat's forms create TR-2026-01 and MTG-2026-01 first; Kazakhstan's
    /// chief negotiator delegates to the lead negotiator (whose answers are refused before, accepted after) and at the
    /// end revokes it, which Mongolia's chief negotiator may not. Mongolia has no lead negotiator: its delegation is
    /// refused at the field (400).
    /// </summary>
    private static readonly (string Method, string Path, string[] Expected)[] NegotiationMatrix =
    [
        ("POST", "/transitions/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/transitions/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/meetings/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/meetings/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/meetings/MTG-2026-01/attendance", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/procedures", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/workflows/stage-transition/instances/TR-2026-01", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/workflows/negotiation/instances/CARTIF-2026", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/approvals", [Forbidden, Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("GET", "/approvals/TR-2026-01", [Forbidden, Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("POST", "/approvals/TR-2026-01?handler=approve", [Forbidden, Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("GET", "/escalations", [Forbidden, Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("GET", "/delegation", [Forbidden, Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("POST", "/delegation", [Forbidden, Forbidden, "400", Ok, Forbidden, Forbidden, SignIn]),
        ("GET", "/approvals", [Forbidden, Forbidden, Ok, Ok, Ok, Forbidden, SignIn]),
        ("GET", "/approvals/TR-2026-01", [Forbidden, Forbidden, Ok, Ok, Ok, Forbidden, SignIn]),
        ("POST", "/approvals/TR-2026-01?handler=reject", [Forbidden, Forbidden, Ok, Ok, Ok, Forbidden, SignIn]),
        ("POST", "/delegation?handler=revoke", [Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden, SignIn]),
        ("GET", "/approvals", [Forbidden, Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("POST", "/approvals/TR-2026-01?handler=approve", [Forbidden, Forbidden, Ok, Ok, Forbidden, Forbidden, SignIn]),
    ];

    [Fact]
    public async Task NegotiationPages_AgainstEveryRoleAnotherPartyAndALeadNegotiatorWithAndWithoutDelegation_OnlyThoseWhoBelongGetIn()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var failures = new List<string>();
        var sessions = new Dictionary<string, PageSession>();
        try
        {
            foreach (var person in Negotiators)
            {
                sessions[person ?? "(anonymous)"] = await PageSession.SignInAsync(d.P.Host, person);
            }

            foreach (var (method, path, expected) in NegotiationMatrix)
            {
                for (var i = 0; i < Negotiators.Length; i++)
                {
                    var who = Negotiators[i] ?? "(anonymous)";
                    var response = method == "GET" ? await sessions[who].GetAsync(path) : await sessions[who].PostFormAsync(path, NegotiationForm(path));
                    var actual = Classify(response);
                    if (actual != expected[i])
                    {
                        failures.Add($"{method} {path} as {who}: expected {expected[i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                    }
                }
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // What the allowed forms did, and only that: Kazakhstan's answers by its chief negotiator and by the delegate
        // (on the chief negotiator's behalf) while the delegation held, Mongolia's by its own chief negotiator.
        var transition = await d.GetAsync("/api/transitions/TR-2026-01");
        var answers = transition["answers"]!.AsArray().Select(a => $"{a!["party"]}:{a["answer"]}:{a["by"]}:{a["onBehalfOf"]}").ToList();
        Assert.Equal(
            ["MON:approve:cn-mon:", "KAZ:approve:cn-kaz:", "MON:reject:cn-mon:", "KAZ:reject:cn-kaz:", "KAZ:reject:ln-kaz-tf:cn-kaz", "MON:approve:cn-mon:", "KAZ:approve:cn-kaz:"],
            answers);
        Assert.Equal("Revoked", await d.StateAsync("/api/delegations/DEL-KAZ-01"));
        Assert.Equal("MTG-2026-01", Assert.Single((await d.GetAsync("/api/meetings")).AsArray())!["key"]!.GetValue<string>());
    }

    private static Dictionary<string, string> NegotiationForm(string path) => path switch
    {
        "/transitions/new" => new() { ["Justification"] = "Phase 1's documents are circulated.", ["Deadline"] = "2026-05-20T17:00" },
        "/meetings/new" => new() { ["Title"] = "Chief Negotiators' meeting", ["Kind"] = "chief-negotiators", ["Format"] = "online", ["TimeZone"] = "Asia/Manila", ["Start"] = "2026-06-10T10:00", ["End"] = "2026-06-10T12:00", ["Audience"] = "chief-negotiators" },
        "/delegation" => new() { ["Delegate"] = "ln-kaz-tf", ["Until"] = "2026-05-30T17:00", ["Reason"] = "Travel." },
        "/delegation?handler=revoke" => new() { ["Key"] = "DEL-KAZ-01" },
        _ when path.EndsWith("handler=reject", StringComparison.Ordinal) => new() { ["Reason"] = "Not yet." },
        _ => [],
    };

    // Who, for the drafts pages: the Secretariat, Kazakhstan's focal point (a member of every area read by all),
    // Kazakhstan's lead negotiator for TF, Mongolia's technical expert for DT (not a reader of TF), the observer, nobody.
    private static readonly string?[] DraftReaders = ["secretariat", "fp-kaz", "ln-kaz-tf", "te-mon-dt", "obs-aze", null];

    /// <summary>
    /// TF's draft has revision 1 (circulated) and revision 2 (not yet, until the Secretariat's circulation row). An
    /// observer reads revision 1 only (revision 2: 404, comparing with it: 400 at the field); Mongolia's expert for
    /// another area gets the refusal page. Notes are a party's: the Secretariat has none to keep.
    /// </summary>
    private static readonly (string Method, string Path, string[] Expected)[] DraftsMatrix =
    [
        ("GET", "/", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/inbox", [Forbidden, Ok, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/me", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/registry/people", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/drafts", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/drafts/TF", [Ok, Ok, Ok, Forbidden, Ok, SignIn]),
        ("GET", "/drafts/TF/revisions/1", [Ok, Ok, Ok, Forbidden, Ok, SignIn]),
        ("GET", "/drafts/TF/revisions/2", [Ok, Ok, Ok, Forbidden, "404", SignIn]),
        ("GET", "/drafts/TF/compare?from=1&to=2", [Ok, Ok, Ok, Forbidden, "400", SignIn]),
        ("GET", "/drafts/TF/edit?provision={paragraph}", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/drafts/TF?handler=note", [Forbidden, Ok, Ok, Forbidden, Ok, SignIn]),
        ("POST", "/drafts/TF?handler=import", ["400", Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/drafts/TF/edit?provision={paragraph}", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/drafts/TF?handler=circulate", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/drafts/TF/revisions/2", [Ok, Ok, Ok, Forbidden, Ok, SignIn]),
        ("GET", "/drafts/TF/procedure?provision={paragraph}", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/drafts/TF/procedure?provision={paragraph}", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/drafts/TF?handler=conclude", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
    ];

    [Fact]
    public async Task DraftsPages_AgainstTheSecretariatMembersAnObserverAndAnotherAreasExpert_OnlyThoseWhoReadTheAreaGetIn()
    {
        await using var d = await ProcedureDriver.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await Drafts.DraftsApiTests.ImportMarkdownAsync(d, "secretariat", "TF", Drafts.DraftsApiTests.Text)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Drafts.DraftsApiTests.SendAsync(d, HttpMethod.Post, "secretariat", "/api/drafts/TF/revisions/1/circulation")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Drafts.DraftsApiTests.ImportMarkdownAsync(d, "secretariat", "TF", Drafts.DraftsApiTests.SecondText)).StatusCode);
        var text = System.Text.Json.Nodes.JsonNode.Parse(await d.GetTextAsync("secretariat", "/api/drafts/TF/revisions/2?format=json"))!;
        var paragraph = text["articles"]![1]!["paragraphs"]![0]!["id"]!.GetValue<string>();
        var failures = new List<string>();
        var sessions = new Dictionary<string, PageSession>();
        try
        {
            foreach (var person in DraftReaders)
            {
                sessions[person ?? "(anonymous)"] = await PageSession.SignInAsync(d.Host, person);
            }

            foreach (var (method, template, expected) in DraftsMatrix)
            {
                var path = template.Replace("{paragraph}", paragraph, StringComparison.Ordinal);
                for (var i = 0; i < DraftReaders.Length; i++)
                {
                    var who = DraftReaders[i] ?? "(anonymous)";
                    var response = method == "GET" ? await sessions[who].GetAsync(path) : await sessions[who].PostFormAsync(path, DraftForm(path, paragraph, who));
                    var actual = Classify(response);
                    if (actual != expected[i])
                    {
                        failures.Add($"{method} {path} as {who}: expected {expected[i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                    }
                }
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // What the allowed forms did: the Secretariat's edit made revision 3; the notes are Kazakhstan's and Azerbaijan's own.
        var draft = await d.GetJsonAsync("secretariat", "/api/drafts/TF");
        Assert.Equal([1, 2, 3], draft["revisions"]!.AsArray().Select(r => r!["revision"]!.GetValue<int>()));
        // The Secretariat's written procedure on the edited paragraph, launched from the draft's page.
        Assert.Single((await d.GetJsonAsync("secretariat", "/api/procedures")).AsArray());
        Assert.Equal("KAZ's note.", Assert.Single((await d.GetJsonAsync("fp-kaz", "/api/drafts/TF/notes")).AsArray())!["text"]!.GetValue<string>());
        Assert.Equal("AZE's note.", Assert.Single((await d.GetJsonAsync("obs-aze", "/api/drafts/TF/notes")).AsArray())!["text"]!.GetValue<string>());
    }

    private static Dictionary<string, string> DraftForm(string path, string paragraph, string who) => path switch
    {
        _ when path.EndsWith("handler=note", StringComparison.Ordinal) => new() { ["Provision"] = paragraph, ["NoteText"] = who == "obs-aze" ? "AZE's note." : "KAZ's note." },
        _ when path.EndsWith("handler=circulate", StringComparison.Ordinal) => new() { ["Revision"] = "2" },
        _ when path.Contains("/procedure", StringComparison.Ordinal) => new() { ["provision"] = paragraph, ["BasedOn"] = "3", ["Deadline"] = "2026-06-15T17:00" },
        _ when path.Contains("/edit", StringComparison.Ordinal) => new() { ["Provision"] = paragraph, ["BasedOn"] = "2", ["Wording"] = "Each Party shall make available [promptly (KAZ)] [without delay (MON)] the information referred to in Article 1." },
        _ => [],
    };

    /// <summary>
    /// The process pages (issue 26), in order against one host with the negotiation started, Phase 1's documents
    /// circulated, TR-2026-01 proposed, a meeting MTG-2026-01 and Kazakhstan's readiness consultation RC-KAZ-01: the
    /// Secretariat's pages, the consultation seen by the Secretariat and Kazakhstan only, Kazakhstan's declination last.
    /// </summary>
    private static readonly (string Method, string Path, string[] Expected)[] ProcessMatrix =
    [
        ("GET", "/negotiation", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/negotiation?handler=circulate", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/negotiation?handler=consult", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        // Not in Phase 1: the Secretariat's form is refused at its field (400), nobody else gets in.
        ("POST", "/negotiation?handler=LoadRoadmap", ["400", Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/negotiation?handler=Conclude", ["400", Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/negotiation/zero-round", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/transitions/TR-2026-01", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/meetings", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/meetings/MTG-2026-01", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/meetings/MTG-2026-01?handler=reschedule", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        // A meeting's invitation is answered from the country inbox, for the reader's own party only.
        ("POST", "/inbox?handler=attendance", [Forbidden, Ok, Ok, Forbidden, Ok, SignIn]),
        ("GET", "/working-groups", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/working-groups/new", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/capacity-building", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/capacity-building", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/capacity-building/CB-2026-01", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/reports", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/reports?handler=issue", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        // A report as issued is read by every signed-in person, as GET /api/reports/{id} answers them.
        ("GET", "/reports/1", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        // Only in a roadmap loaded after 2026: the Secretariat's form is refused at its field (400), nobody else gets in.
        ("POST", "/reports?handler=conference", ["400", Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("GET", "/consultations", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/rounds", [Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/consultations/RC-KAZ-01", [Ok, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("POST", "/consultations/RC-KAZ-01?handler=interview", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/meetings/MTG-2026-01?handler=cancel", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
        ("POST", "/consultations/RC-KAZ-01?handler=decline", [Forbidden, Ok, "400", Forbidden, Forbidden, SignIn]),
    ];

    /// <summary>Who reads a working group's round (DT: Georgia, Kazakhstan, Mongolia) and who may comment on it.</summary>
    private static readonly string?[] RoundReaders = ["secretariat", "fp-kaz", "cn-kaz", "ln-kaz-tf", "te-mon-dt", "fp-uzb", "obs-aze", null];

    private static readonly (string Method, string Path, string[] Expected)[] RoundMatrix =
    [
        ("GET", "/rounds", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, SignIn]),
        ("GET", "/rounds/{round}", [Ok, Ok, Ok, Ok, Ok, Forbidden, Forbidden, SignIn]),
        ("POST", "/rounds/{round}?handler=comment", [Forbidden, Ok, Ok, Forbidden, Ok, Forbidden, Forbidden, SignIn]),
        ("POST", "/rounds/{round}?handler=extend", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn]),
    ];

    [Fact]
    public async Task RoundPage_AgainstTheSecretariatTheGroupsMembersAnotherPartyAnObserverAndAnonymous_OnlyThoseWhoBelongGetIn()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("DT", ["GEO", "KAZ", "MON"]);
        var deadline = d.Now.AddDays(10).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);
        var round = (await d.PostAsync("secretariat", "/api/working-groups/DT/rounds", new { deadline, document = "CARTIF/DT/rev1" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var extension = d.Now.AddDays(20).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);
        var failures = new List<string>();
        var sessions = new Dictionary<string, PageSession>();
        try
        {
            foreach (var person in RoundReaders)
            {
                sessions[person ?? "(anonymous)"] = await PageSession.SignInAsync(d.P.Host, person);
            }

            foreach (var (method, template, expected) in RoundMatrix)
            {
                var path = template.Replace("{round}", round, StringComparison.Ordinal);
                for (var i = 0; i < RoundReaders.Length; i++)
                {
                    var who = RoundReaders[i] ?? "(anonymous)";
                    var form = template.EndsWith("handler=extend", StringComparison.Ordinal)
                        ? new Dictionary<string, string> { ["ExtendDeadline"] = extension, ["ExtendReason"] = $"Asked by {who}." }
                        : new Dictionary<string, string> { ["Kind"] = "comments", ["Text"] = $"The view of {who}." };
                    var response = method == "GET" ? await sessions[who].GetAsync(path) : await sessions[who].PostFormAsync(path, form);
                    var actual = Classify(response);
                    if (actual != expected[i])
                    {
                        failures.Add($"{method} {path} as {who}: expected {expected[i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                    }
                }
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task ProcessPages_AgainstEveryRoleAForeignPartyAndAnonymous_OnlyThoseWhoBelongGetIn()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        await d.ProposeAsync(d.Now.AddDays(10));
        await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created);
        await d.PostAsync("secretariat", "/api/meetings", new { title = "Chief Negotiators", kind = "chief-negotiators", format = "online", start = "2026-06-10T10:00", audience = "chief-negotiators" }, HttpStatusCode.Created);
        await d.PostAsync("secretariat", "/api/capacity-building", new { kind = "training", title = "Negotiator training" }, HttpStatusCode.Created);
        var failures = new List<string>();
        var sessions = new Dictionary<string, PageSession>();
        try
        {
            foreach (var person in People)
            {
                sessions[person ?? "(anonymous)"] = await PageSession.SignInAsync(d.P.Host, person);
            }

            foreach (var (method, path, expected) in ProcessMatrix)
            {
                for (var i = 0; i < People.Length; i++)
                {
                    var who = People[i] ?? "(anonymous)";
                    var response = method == "GET" ? await sessions[who].GetAsync(path) : await sessions[who].PostFormAsync(path, ProcessForm(path));
                    var actual = Classify(response);
                    if (actual != expected[i])
                    {
                        failures.Add($"{method} {path} as {who}: expected {expected[i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                    }
                }
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // What the allowed forms did, and only that: one document more, one consultation more (MON), one meeting
        // rescheduled then cancelled, one activity more, one report, and Kazakhstan's own declination.
        Assert.Equal(4, (await d.GetAsync("/api/negotiation/documents")).AsArray().Count);
        Assert.Equal("Cancelled", await d.StateAsync("/api/meetings/MTG-2026-01"));
        Assert.Equal(2, (await d.GetAsync("/api/capacity-building")).AsArray().Count);
        Assert.Single((await d.GetAsync("/api/reports?kind=consolidated")).AsArray());
        Assert.Equal("Declined", await d.StateAsync("/api/consultations/RC-KAZ-01"));
        Assert.Equal("Requested", await d.StateAsync("/api/consultations/RC-MON-01"));
        var attendance = (await d.GetAsync("/api/meetings/MTG-2026-01/attendance"))["delegations"]!.AsArray()
            .Where(a => a!["answer"] is not null).Select(a => $"{a!["party"]}:{a["answer"]}:{a["answeredBy"]}");
        Assert.Equal(["KAZ:attending:cn-kaz", "MON:attending:fp-mon"], attendance); // each for their own party, the latest counting
    }

    private static Dictionary<string, string> ProcessForm(string path) => path switch
    {
        "/negotiation?handler=circulate" => new() { ["DocKind"] = "other", ["DocTitle"] = "WTO compatibility analysis", ["DocReference"] = "CARTIF/WTO/2026/1" },
        "/negotiation?handler=consult" => new() { ["ConsultParty"] = "MON" },
        "/negotiation?handler=LoadRoadmap" => new() { ["RoadmapText"] = "roadmap: \"2027\"\ntitle: Next\nphases:\n  - code: Next\n    title: Next\n" },
        "/negotiation?handler=Conclude" => new() { ["ConcludeStatement"] = "Signed." },
        "/meetings/MTG-2026-01?handler=reschedule" => new() { ["NewStart"] = "2026-06-11T10:00", ["RescheduleReason"] = "Clash." },
        "/meetings/MTG-2026-01?handler=cancel" => new() { ["CancelReason"] = "Postponed." },
        "/capacity-building" => new() { ["Kind"] = "workshop", ["Title"] = "Digital trade workshop", ["Area"] = "DT", ["Format"] = "online" },
        "/reports?handler=issue" => new() { ["Summary"] = "Phase 1 under way." },
        "/reports?handler=conference" => new() { ["NextConference"] = "CAREC Ministerial Conference 2027" },
        "/inbox?handler=attendance" => new() { ["MeetingKey"] = "MTG-2026-01", ["Answer"] = "attending" },
        "/consultations/RC-KAZ-01?handler=interview" => new() { ["At"] = "2026-05-12T10:00", ["Format"] = "online" },
        "/consultations/RC-KAZ-01?handler=decline" => new() { ["DeclineReason"] = "Not this year." },
        _ => [],
    };

    // Who, for a round: the Secretariat, a member's focal point, the group's observer, a party outside the group, nobody.
    private static readonly string?[] RoundPeople = ["secretariat", "fp-kaz", "obs-aze", "fp-pak", null];

    [Fact]
    public async Task RoundPages_OnAStructuredRevision_OnlyMembersContributeAndOnlyTheSecretariatConsolidates()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        var (round, deadline, text) = await WorkingGroups.RoundsOnProvisionsTests.OpenRoundOnZeroDraftAsync(d);
        var paragraph = text["articles"]![1]!["paragraphs"]![0]!["id"]!.GetValue<string>();
        (string Method, string Path, Dictionary<string, string> Form, string[] Expected)[] before =
        [
            ("GET", $"/rounds/{round}", [], [Ok, Ok, Ok, Forbidden, SignIn]),
            ("POST", $"/rounds/{round}?handler=comment", new() { ["Kind"] = "comments", ["Target"] = paragraph, ["Text"] = "Kazakhstan publishes in Russian too." }, [Forbidden, Ok, Forbidden, Forbidden, SignIn]),
            ("GET", $"/rounds/{round}/consolidation", [], [Ok, Forbidden, Forbidden, Forbidden, SignIn]),
        ];
        (string Method, string Path, Dictionary<string, string> Form, string[] Expected)[] after =
        [
            ("POST", $"/rounds/{round}?handler=comment", new() { ["Kind"] = "comments", ["Target"] = paragraph, ["Text"] = "Too late." }, [Forbidden, "400", "400", Forbidden, SignIn]),
            ("POST", $"/rounds/{round}/consolidation?handler=decide", new() { ["Number"] = "1", ["Decision"] = "addressed", ["Reason"] = "Both languages." }, [Ok, Forbidden, Forbidden, Forbidden, SignIn]),
            ("POST", $"/rounds/{round}/consolidation?handler=draft", new() { ["Provision"] = paragraph, ["Text"] = "Each Party shall make available, in English or Russian, the information referred to in Article 1.", ["Reason"] = "Kazakhstan's comment." }, [Ok, Forbidden, Forbidden, Forbidden, SignIn]),
            ("POST", $"/rounds/{round}?handler=extend", new() { ["ExtendDeadline"] = "2026-12-01T17:00" }, ["400", Forbidden, Forbidden, Forbidden, SignIn]),
            ("POST", $"/rounds/{round}/consolidation?handler=consolidate", [], [Ok, Forbidden, Forbidden, Forbidden, SignIn]),
            ("GET", "/drafts/TF/revisions/2", [], [Ok, Ok, Ok, Forbidden, SignIn]),
        ];
        var failures = new List<string>();
        var sessions = new Dictionary<string, PageSession>();
        try
        {
            // Sessions end after days without use: each phase signs everyone in again.
            async Task RunAsync((string Method, string Path, Dictionary<string, string> Form, string[] Expected)[] rows)
            {
                foreach (var session in sessions.Values)
                {
                    session.Dispose();
                }

                foreach (var person in RoundPeople)
                {
                    sessions[person ?? "(anonymous)"] = await PageSession.SignInAsync(d.P.Host, person);
                }

                foreach (var (method, path, form, expected) in rows)
                {
                    for (var i = 0; i < RoundPeople.Length; i++)
                    {
                        var who = RoundPeople[i] ?? "(anonymous)";
                        var response = method == "GET" ? await sessions[who].GetAsync(path) : await sessions[who].PostFormAsync(path, form);
                        var actual = Classify(response);
                        if (actual != expected[i])
                        {
                            failures.Add($"{method} {path} as {who}: expected {expected[i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                        }
                    }
                }
            }

            await RunAsync(before);
            await d.AdvanceToAsync(deadline);
            await RunAsync(after);
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        // What the allowed forms did, and only that: Kazakhstan's one comment, addressed; revision 2 with the Secretariat's drafting.
        var record = await d.GetAsync($"/api/rounds/{round}/record");
        Assert.Equal([(1, "KAZ", "addressed"), (0, "", "secretariat-drafting")], record["provenance"]!["entries"]!.AsArray().Select(e => (e!["number"]!.GetValue<int>(), e["party"]!.GetValue<string>(), e["decision"]!.GetValue<string>())));
        Assert.Empty(record["unexplained"]!.AsArray());
    }

    [Fact]
    public async Task HangfireDashboard_IsServedToSecretariatAdministrators()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var lead = await PageSession.SignInAsync(d.Host, "secretariat-lead");

        var response = await lead.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Forms that succeed for those who belong; the withdrawal comes last in the matrix, after the responses.
    private static Dictionary<string, string> Form(string path) => path switch
    {
        "/registry/people/new" => new() { ["Name"] = "Technical Expert TF, Georgia", ["Email"] = "expert.tf.geo@example.org", ["PartyCode"] = "GEO", ["Roles"] = "technical-expert@TF", ["Language"] = "en" },
        _ when path.EndsWith("handler=change", StringComparison.Ordinal) => new() { ["Name"] = "Technical Expert TF, Georgia", ["Email"] = "expert.tf.geo@example.org", ["Roles"] = "technical-expert@TF", ["Language"] = "ru", ["TimeZone"] = "Asia/Tbilisi" },
        _ when path.EndsWith("handler=replace", StringComparison.Ordinal) => new() { ["Role"] = "chief-negotiator", ["NewName"] = "Chief Negotiator, Mongolia (new)", ["NewEmail"] = "chief2.mon@example.org", ["NewLanguage"] = "en", ["NewTimeZone"] = "Asia/Ulaanbaatar" },
        _ when path.EndsWith("handler=deactivate", StringComparison.Ordinal) => new() { ["Reason"] = "Left." },
        "/registry?handler=status" => new() { ["StatusParty"] = "AFG", ["Status"] = "observer", ["EffectiveFrom"] = "2026-07-01" },
        "/me" => new() { ["Language"] = "en", ["TimeZone"] = "Asia/Manila", ["Digest"] = "each" },
        _ when path.EndsWith("/new", StringComparison.Ordinal) => new() { ["Area"] = "TF", ["Title"] = "Article 6", ["Text"] = "Text.", ["Mode"] = "silence", ["Deadline"] = "2026-06-20T17:00" },
        _ when path.Contains("handler=add", StringComparison.Ordinal) => new() { ["Date"] = "2026-09-01", ["Name"] = "Day of Knowledge" },
        _ when path.EndsWith("handler=extend", StringComparison.Ordinal) => new() { ["Deadline"] = "2026-06-16T17:00", ["Reason"] = "More time." },
        _ when path.EndsWith("handler=withdraw", StringComparison.Ordinal) => new() { ["Reason"] = "Renegotiate." },
        _ when path.Contains("/respond/", StringComparison.Ordinal) => new() { ["Kind"] = "agree" },
        _ => [],
    };

    private static string Classify(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => Forbidden,
        HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/sign-in", StringComparison.Ordinal) => SignIn,
        HttpStatusCode.OK or HttpStatusCode.Redirect => Ok,
        var other => ((int)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
