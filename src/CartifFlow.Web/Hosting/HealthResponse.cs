using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CartifFlow.Web.Hosting;

/// <summary>Writes the health report as JSON: overall status and each check's status and description.</summary>
/// <remarks>
/// Written with <see cref="Utf8JsonWriter"/> rather than by serialising an anonymous object: reflection-based
/// serialisation cost the host's first <c>/health</c> about half a second of start-up (docs/performance.md).
/// </remarks>
internal static class HealthResponse
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
