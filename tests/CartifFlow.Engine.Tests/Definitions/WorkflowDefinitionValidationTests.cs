using CartifFlow.Engine.Definitions;

namespace CartifFlow.Engine.Tests.Definitions;

/// <summary>One test per kind of fault: each names the file, line and column, and says what is wrong.</summary>
public sealed class WorkflowDefinitionValidationTests
{
    private static readonly DefinitionReferences References = new(
        Roles: new HashSet<string> { "secretariat", "focal-point" },
        Guards: new HashSet<string> { "silence-kept" },
        Activities: new HashSet<string> { "record-response" },
        Templates: new HashSet<string> { "circulated" },
        RecipientGroups: new HashSet<string> { "focal-points" });

    private const string Valid = """
        id: sample
        version: 1
        started-by: [secretariat]
        parameters:
          deadline: { type: instant, required: true }
          reminders: { type: durations, default: [P5D, P2D, P1D] }
        triggers:
          respond: { roles: [focal-point], for-party: true }
          deadline-reached: { roles: [system] }
        initial: Circulating
        states:
          Circulating:
            entry:
              - notify: { template: circulated, to: focal-points }
              - timer: { name: deadline, at: $deadline, fires: deadline-reached }
              - timer: { name: reminder, before: $deadline, offsets: $reminders, fires: deadline-reached }
            on:
              respond: { action: record-response }
              deadline-reached:
                - { to: Adopted, when: silence-kept }
                - { to: Referred }
          Adopted: { final: true }
          Referred: { final: true }
        """;

    private static IReadOnlyList<DefinitionError> Errors(params (string File, string Text)[] files)
    {
        try
        {
            WorkflowCatalog.Load(files, References);
            return [];
        }
        catch (WorkflowDefinitionException ex)
        {
            return ex.Errors;
        }
    }

    private static DefinitionError Single(string text, string file = "workflows/sample.yaml")
    {
        var errors = Errors((file, text));
        Assert.True(errors.Count == 1, "expected one fault, got: " + string.Join(" | ", errors));
        return errors[0];
    }

    [Fact]
    public void Load_AnActivitySendsATemplateThatDoesNotExist_IsRefusedWithTheActivitysName()
    {
        var references = References with
        {
            ActivityTemplates = new Dictionary<string, IReadOnlyCollection<string>> { ["record-response"] = ["circulated", "response-receipt"] },
        };

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowCatalog.Load([("workflows/sample.yaml", Valid)], references));

        Assert.Equal("activity 'record-response': sends template 'response-receipt', which is not among the templates (workflows/templates)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Load_AnActivityNoDefinitionUses_IsNotChecked()
    {
        var references = References with
        {
            Activities = new HashSet<string> { "record-response", "unused" },
            ActivityTemplates = new Dictionary<string, IReadOnlyCollection<string>> { ["unused"] = ["no-such-template"] },
        };

        Assert.NotNull(WorkflowCatalog.Load([("workflows/sample.yaml", Valid)], references));
    }

    [Fact]
    public void Load_EveryTemplateAnActivitySendsExists_Loads()
    {
        var references = References with
        {
            ActivityTemplates = new Dictionary<string, IReadOnlyCollection<string>> { ["record-response"] = ["circulated"] },
        };

        Assert.NotNull(WorkflowCatalog.Load([("workflows/sample.yaml", Valid)], references));
    }

    [Fact]
    public void ValidDefinition_Loads()
    {
        var catalog = WorkflowCatalog.Load([("workflows/sample.yaml", Valid)], References);

        var definition = Assert.Single(catalog.All);
        Assert.Equal("sample", definition.Id);
        Assert.Equal(["Circulating", "Adopted", "Referred"], definition.States.Keys);
    }

    [Fact]
    public void YamlSyntaxError_ReportsFileLineAndColumn()
    {
        var error = Single(Valid.Replace("  Adopted: { final: true }", "  Adopted: { final: true"));

        Assert.Equal("workflows/sample.yaml", error.Location.File);
        Assert.Equal(23, error.Location.Line);
        Assert.StartsWith("YAML syntax:", error.Message);
        Assert.StartsWith("workflows/sample.yaml:23:", error.ToString());
    }

    [Fact]
    public void UnknownState_IsReportedAtTheTarget_AndTheStateLeftOutAsUnreachable()
    {
        var errors = Errors(("w.yaml", Valid.Replace("{ to: Referred }", "{ to: Nowhere }")));

        Assert.Contains(errors, e => e.Message == "unknown state 'Nowhere'" && e.Location.Line == 21 && e.Location.Column == 17);
        Assert.Contains(errors, e => e.Message.Contains("state 'Referred' is unreachable", StringComparison.Ordinal) && e.Location.Line == 23);
    }

    [Fact]
    public void UnknownTrigger_IsReported()
    {
        var error = Single(Valid.Replace("respond: { action: record-response }", "reply: { action: record-response }"));

        Assert.Equal("unknown trigger 'reply' (declare it under 'triggers')", error.Message);
        Assert.Equal(18, error.Location.Line);
    }

    [Fact]
    public void UnknownTimerTrigger_IsReportedAtFires()
    {
        var error = Single(Valid.Replace("at: $deadline, fires: deadline-reached", "at: $deadline, fires: deadline-passed"));

        Assert.Equal("unknown trigger 'deadline-passed' (declare it under 'triggers')", error.Message);
        Assert.Equal(15, error.Location.Line);
    }

    [Fact]
    public void UnknownGuard_IsReported()
    {
        var error = Single(Valid.Replace("when: silence-kept", "when: silence-held"));

        Assert.StartsWith("unknown guard 'silence-held'", error.Message);
        Assert.Equal(20, error.Location.Line);
        Assert.Equal(32, error.Location.Column);
    }

    [Fact]
    public void UnknownRegisteredActivity_IsReported()
    {
        var error = Single(Valid.Replace("action: record-response", "action: record-reply"));

        Assert.StartsWith("unknown activity 'record-reply'", error.Message);
        Assert.Equal(18, error.Location.Line);
    }

    [Fact]
    public void UnknownActivityKind_IsReported()
    {
        var error = Single(Valid.Replace("- notify: { template: circulated, to: focal-points }", "- notice: { template: circulated, to: focal-points }"));

        Assert.StartsWith("unknown activity 'notice'", error.Message);
        Assert.Equal(14, error.Location.Line);
        Assert.Equal(9, error.Location.Column);
    }

    [Fact]
    public void UnknownRole_IsReported()
    {
        var error = Single(Valid.Replace("roles: [focal-point]", "roles: [focal-pont]"));

        Assert.StartsWith("unknown role 'focal-pont' in trigger 'respond'", error.Message);
        Assert.Equal(8, error.Location.Line);
    }

    [Fact]
    public void UnknownRoleInStartedBy_IsReportedAtStartedBy()
    {
        var error = Single(Valid.Replace("started-by: [secretariat]", "started-by: [secretariot]"));

        Assert.StartsWith("unknown role 'secretariot' in started-by", error.Message);
        Assert.Equal(3, error.Location.Line); // was the line of 'id:'
    }

    [Fact]
    public void ATransitionAfterOneWithoutWhen_IsReportedAtItsOwnLine_InTheShortListForm()
    {
        var error = Single(Valid.Replace("""
                  deadline-reached:
                    - { to: Adopted, when: silence-kept }
                    - { to: Referred }
            """, """
                  deadline-reached:
                    - Referred
                    - Adopted
            """));

        Assert.Equal("this transition on 'deadline-reached' can never be taken: an earlier one has no 'when'", error.Message);
        Assert.Equal(21, error.Location.Line); // '- Adopted', not the 'deadline-reached:' line
    }

    [Fact]
    public void AFileThatDoesNotLoad_IsNotAlsoReportedAsAnUnknownWorkflowWhereAnotherStartsIt()
    {
        var parent = Valid.Replace("      - notify: { template: circulated, to: focal-points }", "      - notify: { template: circulated, to: focal-points }\n      - start: { workflow: other }");
        var other = Valid.Replace("id: sample", "id: other").Replace("[P5D, P2D, P1D]", "[P5D, P2X]");

        var errors = Errors(("workflows/sample.yaml", parent), ("workflows/other.yaml", other));

        var error = Assert.Single(errors);
        Assert.Equal("workflows/other.yaml", error.Location.File);
        Assert.StartsWith("bad duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTemplate_IsReported()
    {
        var error = Single(Valid.Replace("template: circulated", "template: circulation"));

        Assert.StartsWith("unknown template 'circulation'", error.Message);
        Assert.Equal(14, error.Location.Line);
        Assert.Equal(29, error.Location.Column);
    }

    [Fact]
    public void UnreachableState_IsReported()
    {
        var error = Single(Valid + "\n  Orphan: { final: true }\n");

        Assert.Equal("state 'Orphan' is unreachable from 'Circulating'", error.Message);
        Assert.Equal(24, error.Location.Line);
    }

    [Fact]
    public void NoFinalState_IsReported()
    {
        var error = Single(Valid.Replace("Adopted: { final: true }", "Adopted: {}").Replace("Referred: { final: true }", "Referred: {}"));

        Assert.StartsWith("no final state", error.Message);
        Assert.Equal(1, error.Location.Line);
    }

    [Theory]
    [InlineData("[P5D, P2X, P1D]", "bad duration: 'P2X' is not an ISO-8601 duration")]
    [InlineData("[P5D, P1M, P1D]", "bad duration: 'P1M' uses years or months")]
    public void BadDuration_IsReportedAtTheValue(string reminders, string message)
    {
        var error = Single(Valid.Replace("[P5D, P2D, P1D]", reminders));

        Assert.StartsWith(message, error.Message);
        Assert.Equal(6, error.Location.Line);
        Assert.Equal(48, error.Location.Column);
    }

    [Fact]
    public void DuplicateIdAndVersion_IsReportedOnTheSecondFile()
    {
        var errors = Errors(("workflows/a.yaml", Valid), ("workflows/b.yaml", Valid));

        var error = Assert.Single(errors);
        Assert.Equal("workflows/b.yaml", error.Location.File);
        Assert.Equal("duplicate definition: sample version 1 is also defined in workflows/a.yaml", error.Message);
    }

    [Fact]
    public void SameIdWithNewVersion_Loads()
    {
        var catalog = WorkflowCatalog.Load([("a.yaml", Valid), ("b.yaml", Valid.Replace("version: 1", "version: 2"))], References);

        Assert.True(catalog.TryGet("sample", null, out var newest));
        Assert.Equal(2, newest.Version);
    }

    [Fact]
    public void UnknownKey_IsReported()
    {
        var error = Single(Valid.Replace("    entry:", "    entyr:"));

        Assert.StartsWith("unknown key 'entyr' in state 'Circulating'", error.Message);
        Assert.Equal(13, error.Location.Line);
    }

    [Fact]
    public void UnknownParameterReference_IsReported()
    {
        var error = Single(Valid.Replace("at: $deadline,", "at: $dedline,"));

        Assert.Equal("unknown parameter or variable '$dedline'", error.Message);
    }

    [Theory]
    [InlineData("- timer: { name: grace, after: $deadline, fires: deadline-reached }", "'$deadline' is of type instant; a timer's 'after' needs a duration")]
    [InlineData("- timer: { name: again, before: $deadline, offsets: $deadline, fires: deadline-reached }", "'$deadline' is of type instant; a timer's 'offsets' needs a list of durations (type durations)")]
    public void TimerParameterOfTheWrongType_IsReportedAtTheTimer(string timer, string message)
    {
        // Before, these loaded and every step entering the state threw at run time.
        var error = Single(Valid.Replace("      - notify: { template: circulated, to: focal-points }", "      - notify: { template: circulated, to: focal-points }\n      " + timer));

        Assert.Equal(message, error.Message);
        Assert.Equal(("workflows/sample.yaml", 15), (error.Location.File, error.Location.Line));
    }

    [Theory]
    [InlineData("respond: { action: record-response }", "respond: { to: Referred, actions: [ { timer: { name: t, after: P1D, fires: deadline-reached } } ] }", "the actions of a transition that leaves 'Circulating'")]
    [InlineData("Adopted: { final: true }", "Adopted: { final: true, entry: [ { timer: { name: t, after: P1D, fires: deadline-reached } } ] }", "the entry of the final state 'Adopted'")]
    public void TimerThatWouldBeCancelledAtOnce_IsReported(string from, string to, string where)
    {
        var error = Single(Valid.Replace(from, to));

        Assert.Equal($"a timer in {where} would be cancelled at once and never fire; start it in the entry of the state that waits for it", error.Message);
    }

    [Fact]
    public void AKeyThatIsAList_IsReportedAtTheKey_NotThrown()
    {
        var error = Single(Valid.Replace("respond: { action: record-response }", "[respond, deadline-reached]: Adopted"));

        Assert.Equal("a key must be a plain name, not a list or a mapping", error.Message);
        Assert.Equal(18, error.Location.Line);
    }

    [Fact]
    public void SeveralFaults_AreAllReportedInLineOrder()
    {
        var errors = Errors(("w.yaml", Valid.Replace("when: silence-kept", "when: nope").Replace("template: circulated", "template: nope")));

        Assert.Equal(2, errors.Count);
        Assert.True(errors[0].Location.Line < errors[1].Location.Line);
    }

    [Theory]
    [InlineData("P5D", 5 * 24 * 60)]
    [InlineData("PT12H", 12 * 60)]
    [InlineData("P1DT6H30M", (30 * 60) + 30)]
    [InlineData("P2W", 14 * 24 * 60)]
    public void IsoDuration_ParsesFixedLengths(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), IsoDuration.Parse(text));
    }
}
