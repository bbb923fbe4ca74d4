using System.Net;
using System.Net.Http.Headers;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Hosting;

/// <summary>The <c>cartif</c> command line as an operator runs it, against a running host's database.</summary>
[Collection(HostTestGroup.Name)]
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Tokens_IssuedListedAndRevoked_WorkOnTheApiUntilRevoked(string provider)
    {
        await using var data = await HostData.CreateAsync(provider);
        await using var host = data.StartHost(runTimers: false);
        using var client = host.CreateClient();

        var issued = await HostProcess.RunCommandLineAsync(data, "tokens", "issue", "fp-kaz", "--label", "laptop", "--days", "30");
        var other = await HostProcess.RunCommandLineAsync(data, "tokens", "issue", "fp-kaz", "--label", "phone");
        Assert.Equal(0, issued.ExitCode);
        Assert.Equal(0, other.ExitCode);
        var laptop = issued.Output.Trim();
        var phone = other.Output.Trim();
        Assert.StartsWith("cft_", laptop, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await GetDelegationsAsync(client, laptop));
        Assert.Equal(HttpStatusCode.OK, await GetDelegationsAsync(client, phone));

        var list = await HostProcess.RunCommandLineAsync(data, "tokens", "list", "fp-kaz");
        Assert.Equal(0, list.ExitCode);
        var rows = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["phone", "laptop"], rows.Select(r => r[1]));
        Assert.All(rows, r => Assert.Equal("works", r[4].Trim()));
        Assert.DoesNotContain(laptop, list.Output, StringComparison.Ordinal);
        var laptopId = rows.Single(r => r[1] == "laptop")[0];
        var lifetime = DateTime.Parse(rows.Single(r => r[1] == "laptop")[3], System.Globalization.CultureInfo.InvariantCulture) - DateTime.Parse(rows.Single(r => r[1] == "laptop")[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(30), lifetime);
        var defaultLifetime = DateTime.Parse(rows.Single(r => r[1] == "phone")[3], System.Globalization.CultureInfo.InvariantCulture) - DateTime.Parse(rows.Single(r => r[1] == "phone")[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(365), defaultLifetime);

        var revoke = await HostProcess.RunCommandLineAsync(data, "tokens", "revoke", laptopId);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Contains($"revoked token {laptopId} of fp-kaz", revoke.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDelegationsAsync(client, laptop));
        Assert.Equal(HttpStatusCode.OK, await GetDelegationsAsync(client, phone));

        var again = await HostProcess.RunCommandLineAsync(data, "tokens", "revoke", laptopId);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("was already revoked", again.Output, StringComparison.Ordinal);

        var everyone = await HostProcess.RunCommandLineAsync(data, "tokens", "revoke", "--person", "fp-kaz");
        Assert.Equal(0, everyone.ExitCode);
        Assert.Contains("revoked 1 token(s) of fp-kaz", everyone.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDelegationsAsync(client, phone));
        var after = await HostProcess.RunCommandLineAsync(data, "tokens", "list", "fp-kaz");
        Assert.All(after.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), l => Assert.StartsWith("revoked ", l.Split('\t')[4], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "tokens", "issue", "fp-kaz", "--days", "0" }, 2, "--days must be a whole number of days from 1 to 3650, not '0'")]
    [InlineData(new[] { "tokens", "issue", "fp-kaz", "--days", "ten" }, 2, "--days must be a whole number of days from 1 to 3650, not 'ten'")]
    [InlineData(new[] { "tokens", "issue", "nobody" }, 2, "There is no active person 'nobody'.")]
    [InlineData(new[] { "tokens", "revoke", "not-an-id" }, 2, "'not-an-id' is not a token id")]
    [InlineData(new[] { "tokens", "revoke", "01234567-89ab-cdef-0123-456789abcdef" }, 1, "there is no token 01234567-89ab-cdef-0123-456789abcdef")]
    public async Task Tokens_BadArguments_AreRefusedInOneLine(string[] args, int exitCode, string message)
    {
        await using var data = await HostData.CreateAsync();

        var (code, output, errors) = await HostProcess.RunCommandLineAsync(data, args);

        Assert.Equal(exitCode, code);
        Assert.Contains(message, errors, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_ALabelLongerThanItsColumn_IsRefusedAndNothingIsIssued()
    {
        await using var data = await HostData.CreateAsync("PostgreSql");

        var (code, output, errors) = await HostProcess.RunCommandLineAsync(data, "tokens", "issue", "fp-kaz", "--label", new string('x', 201));
        var list = await HostProcess.RunCommandLineAsync(data, "tokens", "list", "fp-kaz");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("The label is 201 characters long; at most 200 are kept.", errors, StringComparison.Ordinal);
        Assert.Contains("fp-kaz has no tokens", list.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("validate")]
    [InlineData("tokens", "issue", "fp-kaz")]
    public async Task AnInvalidSetting_StopsTheCommand_NamingTheSetting_AndWritesNothing(params string[] args)
    {
        await using var data = await HostData.CreateAsync();

        var (code, output, errors) = await HostProcess.RunCommandLineAsync(data, [("CartifFlow__Engine__TimerBatchSize", "0"), ("CartifFlow__Negotiation__SeatTimeZone", "Asia/Manilla")], args);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("the settings are invalid:", errors, StringComparison.Ordinal);
        Assert.Contains("CartifFlow:Engine:TimerBatchSize: The field TimerBatchSize must be between 1 and 10000.", errors, StringComparison.Ordinal);
        Assert.Contains("CartifFlow:Negotiation:SeatTimeZone is not a time zone this machine knows", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data.Folder, "cartifflow.db")), "nothing may be written when a setting is invalid");
    }

    private static async Task<HttpStatusCode> GetDelegationsAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/delegations", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
