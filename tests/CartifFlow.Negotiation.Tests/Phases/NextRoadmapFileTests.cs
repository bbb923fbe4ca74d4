using CartifFlow.Negotiation.Phases;

namespace CartifFlow.Negotiation.Tests.Phases;

/// <summary>The next roadmap's file: every fault said as file:line: message; the shipped 2027 roadmap reads clean.</summary>
public sealed class NextRoadmapFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> None = new(StringComparer.Ordinal);

    private static string Repository
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CartifFlow.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("CartifFlow.sln not found above the test binaries.");
        }
    }

    [Fact]
    public void Read_TheShipped2027Roadmap_GivesItsThreePhasesInOrderAndItsMilestones()
    {
        var file = Path.Combine(Repository, "workflows", "registry", "roadmap-2027.yaml");

        var (plan, errors) = NextRoadmapFile.Read("roadmap-2027.yaml", File.ReadAllText(file), None, None, Now);

        Assert.Empty(errors);
        Assert.Equal("2027", plan!.Name);
        Assert.Equal(["TextBasedNegotiations", "LegalScrubbing", "SignaturePreparation"], plan.Phases.Select(p => p.Code));
        Assert.Equal(new DateOnly(2027, 7, 1), plan.Phases[1].StartsOn);
        Assert.All(plan.Milestones, m => Assert.Equal("2027", m.Roadmap));
        Assert.Contains(plan.Milestones, m => m.Code == "initialling-meeting" && m.Kind == MilestoneKind.Meeting && m.TimeZone == "Asia/Manila");
    }

    [Fact]
    public void Read_EveryFault_IsSaidAtItsLine_AndNothingIsPlanned()
    {
        const string yaml = """
            roadmap: "2028"
            title: Next
            colour: blue
            phases:
              - code: Signature
                title: Signature
                from: 2028-03-01
                until: 2028-02-01
              - code: lower
                title: Lower
              - code: Signature
                title: Twice
            milestones:
              - code: taken
                phase: Signature
                kind: meeting
                title: Taken
              - code: m2
                phase: Nowhere
                kind: party
                title: M2
                time-zone: Mars/Olympus
              - code: m3
                phase: Signature
                kind: document
                title: M3
                date: 2028-02-30
            """;

        var (plan, errors) = NextRoadmapFile.Read("next.yaml", yaml, None, new HashSet<string>(StringComparer.Ordinal) { "taken" }, Now);

        Assert.Null(plan);
        Assert.Equal(
            [
                "next.yaml:3: unknown key 'colour' in the roadmap (allowed: roadmap, title, title-ru, phases, milestones)",
                "next.yaml:8: the phase ends (2028-02-01) before it starts (2028-03-01)",
                "next.yaml:9: phase code 'lower' must be a word in PascalCase (letters and digits, e.g. TextBasedNegotiations)",
                "next.yaml:11: phase code 'Signature' is used twice",
                "next.yaml:14: milestone code 'taken' is used already",
                "next.yaml:19: unknown phase 'Nowhere' (one of the roadmap's phases: Signature, lower, Signature, Ongoing)",
                "next.yaml:20: unknown kind 'party' (one of meeting, document, consultations, working-groups, text-rounds, capacity-building, progress-reports, ministerial-report)",
                "next.yaml:22: unknown time zone 'Mars/Olympus' (an IANA name such as Asia/Tashkent)",
                "next.yaml:25: a document milestone needs document-kind (modalities, zero-draft, terms-of-reference or other)",
                "next.yaml:27: date '2028-02-30' is not a date (yyyy-MM-dd)",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_APhaseOf2026OrOfARoadmapLoadedBefore_IsRefused()
    {
        const string yaml = "roadmap: \"2028\"\ntitle: Next\nphases:\n  - code: WorkingGroups\n    title: Again\n  - code: LegalScrubbing\n    title: Again\n";

        var (_, errors) = NextRoadmapFile.Read("next.yaml", yaml, new HashSet<string>(StringComparer.Ordinal) { "LegalScrubbing" }, None, Now);

        Assert.Equal(
            ["next.yaml:4: phase code 'WorkingGroups' is used already (a phase of the negotiation or of a roadmap loaded before)", "next.yaml:6: phase code 'LegalScrubbing' is used already (a phase of the negotiation or of a roadmap loaded before)"],
            errors.Select(e => e.ToString()));
        // Each fault carries its code and values, for the reader's language.
        Assert.Equal([("phase-code-used", "WorkingGroups", 4), ("phase-code-used", "LegalScrubbing", 6)], errors.Select(e => (e.Code, e.Arguments[0], e.Line)));
    }

    [Theory]
    [InlineData("", "empty.yaml:1: a roadmap is a mapping with roadmap, title, phases and milestones")]
    [InlineData("roadmap: [", "bad.yaml:2: not YAML")]
    [InlineData("roadmap: \"2028\"\ntitle: T\nphases: []\n", "none.yaml:3: the roadmap needs its phases: a list of at least one phase")]
    public void Read_NotARoadmap_IsSaidAtItsLine(string yaml, string expected)
    {
        var file = expected.Split(':')[0];

        var (plan, errors) = NextRoadmapFile.Read(file, yaml, None, None, Now);

        Assert.Null(plan);
        Assert.StartsWith(expected, Assert.Single(errors).ToString(), StringComparison.Ordinal);
    }
}
