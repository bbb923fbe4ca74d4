using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Engine.Tests.Definitions;

/// <summary>A parameter's <c>max-length</c> as the definitions declare it, and the templates code sends outside activities: both checked at load.</summary>
public sealed class ParameterLimitTests
{
    private static readonly DefinitionReferences References = new(
        Roles: new HashSet<string> { "secretariat" },
        Guards: new HashSet<string>(),
        Activities: new HashSet<string>(),
        Templates: new HashSet<string> { "circulated" },
        RecipientGroups: new HashSet<string>());

    private static string Memo(string parameters) => $$"""
        id: memo
        version: 1
        started-by: [secretariat]
        parameters:
        {{parameters}}
        triggers:
          close: { roles: [secretariat] }
        initial: Open
        states:
          Open:
            on:
              close: Closed
          Closed: { final: true }
        """;

    private static IReadOnlyList<string> Errors(params (string File, string Text)[] files)
    {
        try
        {
            WorkflowCatalog.Load(files, References);
            return [];
        }
        catch (WorkflowDefinitionException ex)
        {
            return [.. ex.Errors.Select(e => e.ToString())];
        }
    }

    [Fact]
    public void Load_AStringParameterWithAMaxLength_KeepsIt()
    {
        var catalog = WorkflowCatalog.Load([("workflows/memo.yaml", Memo("  title: { type: string, max-length: 200, required: true }\n  note: { type: string }"))], References);

        Assert.True(catalog.TryGet("memo", 1, out var memo));
        Assert.Equal(200, memo.Parameters["title"].MaxLength);
        Assert.Null(memo.Parameters["note"].MaxLength);
    }

    [Fact]
    public void Load_ABadMaxLength_IsRefusedAtItsLineForEachFault()
    {
        var errors = Errors(("workflows/memo.yaml", Memo("""
              a: { type: string, max-length: many }
              b: { type: string, max-length: 0 }
              c: { type: string, max-length: 200001 }
              d: { type: integer, max-length: 10 }
              e: { type: string, max-length: 3, default: "four" }
            """)));

        Assert.Equal(
        [
            "workflows/memo.yaml:5:34: 'max-length' of 'a' must be a whole number from 1 to 200000 (the engine's own limit)",
            "workflows/memo.yaml:6:34: 'max-length' of 'b' must be a whole number from 1 to 200000 (the engine's own limit)",
            "workflows/memo.yaml:7:34: 'max-length' of 'c' must be a whole number from 1 to 200000 (the engine's own limit)",
            "workflows/memo.yaml:8:35: 'max-length' applies to string parameters only; 'd' is not one",
            "workflows/memo.yaml:9:46: the default of 'e' is 4 characters long, longer than its max-length (3)",
        ], errors);
    }

    [Fact]
    public void Load_AParameterPassedToAChildThatTakesLess_IsRefusedAtTheParentsParameter()
    {
        const string child = """
            id: copy
            version: 1
            started-by: []
            parameters:
              subject: { type: string, max-length: 50 }
            triggers:
              close: { roles: [secretariat] }
            initial: Open
            states:
              Open:
                on:
                  close: Closed
              Closed: { final: true }
            """;
        static string Parent(string title) => $$"""
            id: memo
            version: 1
            started-by: [secretariat]
            parameters:
              title: {{title}}
            triggers:
              close: { roles: [secretariat] }
            initial: Open
            states:
              Open:
                entry:
                  - start: { workflow: copy, with: { subject: $title } }
                on:
                  close: Closed
              Closed: { final: true }
            """;

        var unlimited = Errors(("workflows/copy.yaml", child), ("workflows/memo.yaml", Parent("{ type: string }")));
        var longer = Errors(("workflows/copy.yaml", child), ("workflows/memo.yaml", Parent("{ type: string, max-length: 51 }")));
        var fits = Errors(("workflows/copy.yaml", child), ("workflows/memo.yaml", Parent("{ type: string, max-length: 50 }")));

        const string Expected = "workflows/memo.yaml:5:3: 'title' is passed to copy's 'subject', which takes at most 50 characters: give 'title' a max-length of at most 50";
        Assert.Equal([Expected], unlimited);
        Assert.Equal([Expected], longer);
        Assert.Empty(fits);
    }

    [Fact]
    public void Load_ATemplateCodeSendsOutsideActivitiesThatDoesNotExist_IsRefusedNamingTheCode_WhateverTheDefinitionsUse()
    {
        var references = References with
        {
            CodeTemplates = new Dictionary<string, IReadOnlyCollection<string>> { ["CartifFlow.Negotiation.Digests.DailyDigests"] = ["digest"] },
        };

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowCatalog.Load([("workflows/memo.yaml", Memo("  title: { type: string }"))], references));

        Assert.Equal("code 'CartifFlow.Negotiation.Digests.DailyDigests': sends template 'digest', which is not among the templates (workflows/templates)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void References_NameTheTemplatesAFeatureSendsFromCode_ByTheSendingType()
    {
        using var services = new ServiceCollection()
            .AddWorkflowFeature(f => f.Template<ParameterLimitTests>("digest").Template<ParameterLimitTests>("digest").Template<WorkflowCatalog>("sign-in"))
            .AddSingleton<IWorkflowActivity>(new NoActivity())
            .AddSingleton<IRecipientResolver>(new NoRecipients())
            .AddSingleton<ITemplateCatalog>(new FixedTemplates())
            .BuildServiceProvider();

        var references = EngineServiceCollectionExtensions.References(services);

        Assert.Equal(["digest"], references.CodeTemplates[typeof(ParameterLimitTests).FullName!]);
        Assert.Equal(["sign-in"], references.CodeTemplates[typeof(WorkflowCatalog).FullName!]);
    }

    private sealed class NoActivity : IWorkflowActivity
    {
        public string Name => "nothing";

        public Task ExecuteAsync(IStepContext context, IStepEffects effects) => Task.CompletedTask;
    }

    private sealed class NoRecipients : IRecipientResolver
    {
        public IReadOnlySet<string> Groups { get; } = new HashSet<string>();

        public Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info) =>
            Task.FromResult<IReadOnlyList<Envelope>>([]);
    }

    private sealed class FixedTemplates : ITemplateCatalog
    {
        public IReadOnlySet<string> Names { get; } = new HashSet<string> { "digest" };
    }
}
