namespace CartifFlow.Web.Pages;

/// <summary>The language and time zone fields of a form (a registry form, the person's own page).</summary>
public sealed record PreferenceFieldsView(CartifFormPageModel Page, string Form, string? Language, string? TimeZone, string? ZoneDefault);
