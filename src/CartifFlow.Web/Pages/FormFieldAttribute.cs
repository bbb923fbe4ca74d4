namespace CartifFlow.Web.Pages;

/// <summary>
/// The error key (<c>id="{key}-error"</c>) of a bound form property whose key does not follow from its name: a
/// property <c>Title</c> posted by the handler <c>plan</c> is found at <c>plan-title</c> or <c>title</c>, and
/// <c>DocTitle</c> at <c>doc-title</c>; one named otherwise (<c>NewPlace</c> at <c>reschedule-place</c>) says so here.
/// Used where a refused character is reported at its field before the handler runs (the pages' text-input filter, <c>TextInputPageFilter</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class FormFieldAttribute(string key) : Attribute
{
    public string Key { get; } = key;

    /// <summary>The handler (form) the key is for, when one property serves several forms; null for all.</summary>
    public string? Handler { get; init; }
}

/// <summary>A page whose forms show errors at their fields (<c>ErrorFor(key)</c>).</summary>
public interface IFieldErrors
{
    Dictionary<string, string> Errors { get; }
}
