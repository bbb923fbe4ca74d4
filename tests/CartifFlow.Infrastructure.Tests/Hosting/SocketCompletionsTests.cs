using System.Net;
using System.Net.Sockets;
using CartifFlow.Infrastructure.Hosting;

namespace CartifFlow.Infrastructure.Tests.Hosting;

public sealed class SocketCompletionsTests
{
    [Fact]
    public void Unset_TurnsInlineCompletionsOn()
    {
        var environment = new Dictionary<string, string>();

        Assert.True(SocketCompletions.PreferInline(name => environment.GetValueOrDefault(name), (name, value) => environment[name] = value));
        Assert.Equal("1", environment[SocketCompletions.Variable]);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("yes", false)]
    public void AChoiceInTheEnvironment_IsKept(string chosen, bool inline)
    {
        var environment = new Dictionary<string, string> { [SocketCompletions.Variable] = chosen };

        Assert.Equal(inline, SocketCompletions.PreferInline(name => environment.GetValueOrDefault(name), (name, value) => environment[name] = value));
        Assert.Equal(chosen, environment[SocketCompletions.Variable]);
    }

    /// <summary>
    /// The runtime honours the switch as this process was started with it (test.sh starts the tests as the web host
    /// runs: inline): the code after a socket read that had to wait runs on the socket engine's own thread, not on a
    /// pool thread.
    /// </summary>
    [Fact]
    public async Task TheRuntime_RunsTheCodeAfterAWaitingReadWhereTheSwitchSays()
    {
        var inline = Environment.GetEnvironmentVariable(SocketCompletions.Variable) == "1";
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var server = await listener.AcceptAsync();

        var buffer = new byte[1];
        var read = ReadAsync(server, buffer);
        Assert.False(read.IsCompleted);
        await client.SendAsync(new byte[] { 42 });
        var (count, onPoolThread) = await read;

        Assert.Equal(1, count);
        Assert.Equal(!inline, onPoolThread);
    }

    private static async Task<(int Count, bool OnPoolThread)> ReadAsync(Socket socket, byte[] buffer)
    {
        var count = await socket.ReceiveAsync(buffer).ConfigureAwait(false);
        return (count, Thread.CurrentThread.IsThreadPoolThread);
    }
}
