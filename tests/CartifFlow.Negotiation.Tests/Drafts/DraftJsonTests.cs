using System.Text.Json;
using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class DraftJsonTests
{
    [Fact]
    public void Serialize_TagsSegmentsAndOmitsNulls()
    {
        var text = new DraftText([new DraftArticle("a1", "1", "Scope", null,
            [new DraftParagraph("p1", "1", 0, [new TextSegment("Each Party "), new Bracket("b1", [new BracketOption([new TextSegment("shall")], ["KAZ"], [])], null)], [])], [])]);

        var json = DraftJson.Serialize(text);

        Assert.Equal(
            """{"articles":[{"id":"a1","number":"1","title":"Scope","paragraphs":[{"id":"p1","number":"1","level":0,"content":[{"kind":"text","text":"Each Party "},{"kind":"bracket","id":"b1","options":[{"content":[{"kind":"text","text":"shall"}],"proposedBy":["KAZ"],"supportedBy":[]}]}],"reservations":[]}],"reservations":[]}]}""",
            json);
        Assert.Equal(json, DraftJson.Serialize(DraftJson.Deserialize(json)));
    }

    [Fact]
    public void Deserialize_NotADraft_Throws()
    {
        Assert.Throws<JsonException>(() => DraftJson.Deserialize("null"));
        Assert.Throws<JsonException>(() => DraftJson.Deserialize("""{"articles":[{"id":"a1","paragraphs":[{"content":[{"kind":"table"}]}]}]}"""));
    }
}
