using CartifFlow.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCartifFlowWeb();
var app = builder.Build();
return await app.RunCartifFlowAsync();

/// <summary>Entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
