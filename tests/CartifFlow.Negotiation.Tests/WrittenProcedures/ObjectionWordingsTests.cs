using CartifFlow.Negotiation.WrittenProcedures;

namespace CartifFlow.Negotiation.Tests.WrittenProcedures;

/// <summary>An objection's wording per provision, and its general wording for the provisions it leaves out.</summary>
public sealed class ObjectionWordingsTests
{
    [Fact]
    public void For_TakesTheProvisionsOwnWording_ElseTheObjectionsGeneralOne()
    {
        var objection = new ProcedureResponse
        {
            PartyCode = "KAZ",
            PersonId = "fp-kaz",
            Kind = ResponseKind.Object,
            Reason = "Both provisions need Russian.",
            ProposedWording = "In English and Russian.",
            ProvisionWordings = ObjectionWordings.Write([new("p1", "Each Party shall publish its laws in English and Russian.")]),
        };

        Assert.Equal("Each Party shall publish its laws in English and Russian.", ObjectionWordings.For(objection, "p1"));
        Assert.Equal("In English and Russian.", ObjectionWordings.For(objection, "p2"));
        Assert.Null(ObjectionWordings.Write([]));
        Assert.Empty(ObjectionWordings.Read(null));
    }
}
