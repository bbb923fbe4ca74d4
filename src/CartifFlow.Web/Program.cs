using CartifFlow.Infrastructure.Hosting;
using CartifFlow.Web.Hosting;

// First, before any socket is used: socket completions run inline (SocketCompletions, docs/operations.md).
SocketCompletions.PreferInline();
var builder = WebApplication.CreateBuilder(args);
builder.AddCartifFlowWeb();
var app = builder.Build();
return await app.RunCartifFlowAsync();

/// <summary>Entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
