using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Hosting;

/// <summary>
/// Request bodies are read up to <see cref="WebOptions.MaxRequestBodySize"/> (1 MB) unless the endpoint says otherwise:
/// an endpoint that takes uploads raises its own limit with <c>.WithRequestSizeLimit(bytes)</c> (minimal APIs) or
/// <c>[RequestSizeLimit(bytes)]</c> (a page handler), both read here as <see cref="IRequestSizeLimitMetadata"/>.
/// A body announced larger is refused with 413 before it is read; one that turns out larger while it is read ends the
/// same way (the server's limit, set per request).
/// </summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.MaxRequestBodySize;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (limit is { } max && context.Request.ContentLength > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }

        return next(context);
    });

    /// <summary>Raises (or lowers) the request body limit of one endpoint, e.g. an upload of a .docx draft.</summary>
    public static TBuilder WithRequestSizeLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(bytes));
}
