namespace CartifFlow.Web.Hosting;

/// <summary>
/// The headers every response carries (pages, API, <c>/hangfire</c>, exports, error pages): a Content-Security-Policy
/// without inline script that no page may frame, <c>nosniff</c>, no referrer (sign-in and action tokens travel in URLs),
/// and HSTS over HTTPS. Set before the response starts, so that refusals and failures carry them too.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The pages' policy: scripts, styles and everything else only from the application itself, nothing inline. Forms
    /// post to the application only, and to the OpenID Connect provider when one is configured (the sign-in button's
    /// form is answered with a redirect there, which browsers check against <c>form-action</c>).
    /// </summary>
    public static string PagePolicy(string? provider) =>
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'{provider}; frame-ancestors 'none'";

    /// <summary>
    /// The Hangfire dashboard's: its own scripts, and inline styles (its pages set widths and colours in <c>style</c>
    /// attributes); still no inline script and no framing.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The headers, with <paramref name="signInProvider"/> (an origin, or null) allowed as a form's target.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? signInProvider)
    {
        var pagePolicy = PagePolicy(signInProvider is null ? null : " " + signInProvider);
        return app.Use((context, next) => Apply(context, next, pagePolicy));
    }

    private static Task Apply(HttpContext context, RequestDelegate next, string pagePolicy)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/hangfire") ? DashboardPolicy : pagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    }
}
