using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace CartifFlow.Web.Pages;

// One page of a list, cut on the server: only its rows are read in full and rendered, however long the list is.
// The page number comes from the query string (?p=; not 'page', which Razor Pages route values hold); filters travel
// beside it in the same query string.
//
// No XML documentation on this type: the OpenAPI XML-comment generator of ASP.NET Core 10 adds a documented generic
// type once per closed type the project uses (ListPage<ProcedureRow>, ListPage<MeetingRow>, ...) under one key, and
// every request for /openapi/v1.json then fails (500). Its documentation is in plain comments instead.
#pragma warning disable CS1591
public sealed class ListPage<T>(IReadOnlyList<T> items, int number, int size, int total)
{
    // The rows of this page.
    public IReadOnlyList<T> Items { get; } = items;

    // This page's number, from 1 (a number past the end shows the last page).
    public int Number { get; } = number;

    // Rows per page.
    public int Size { get; } = size;

    // Rows of the whole (filtered) list.
    public int Total { get; } = total;

    public int Count => Items.Count;

    public int PageCount => Math.Max(1, (Total + Size - 1) / Size);

    public bool HasPrevious => Number > 1;

    public bool HasNext => Number < PageCount;

    // The same page with its rows turned into others (e.g. the rows' details read for this page only).
    public ListPage<TOut> With<TOut>(IReadOnlyList<TOut> items) => new(items, Number, Size, Total);
}
#pragma warning restore CS1591

/// <summary>The lists' shared paging rules and links.</summary>
public static class ListPages
{
    /// <summary>Rows per page of every list.</summary>
    public const int Size = 25;

    /// <summary>An empty list (before a page is read).</summary>
    public static ListPage<T> Empty<T>() => new([], 1, Size, 0);

    /// <summary>The page <paramref name="number"/> of an already filtered and ordered list.</summary>
    public static ListPage<T> Of<T>(IReadOnlyList<T> all, int? number, int size = Size)
    {
        var (n, skip) = Position(all.Count, number, size);
        return new([.. all.Skip(skip).Take(size)], n, size, all.Count);
    }

    /// <summary>The page number to show (1 to the last page) and the rows before it.</summary>
    public static (int Number, int Skip) Position(int total, int? number, int size = Size)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        var n = Math.Clamp(number ?? 1, 1, pages);
        return (n, (n - 1) * size);
    }

    /// <summary>The instant a day begins in a time zone (a date filter's day is a day at the seat).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The current request's address with the page number set to <paramref name="number"/> (the filters kept).</summary>
    public static string Link(HttpRequest request, int number, string parameter = "p")
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (!string.Equals(key, parameter, StringComparison.OrdinalIgnoreCase) && !string.Equals(key, "done", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrEmpty(value))
                    {
                        query.Add(key, value);
                    }
                }
            }
        }

        if (number > 1)
        {
            query.Add(parameter, number.ToString(CultureInfo.InvariantCulture));
        }

        return request.Path + query.ToQueryString().ToUriComponent();
    }
}

/// <summary>A list page's pager, with its texts in the reader's language: what the partial <c>_Pager</c> renders.</summary>
/// <param name="Number">The page shown.</param>
/// <param name="PageCount">Pages of the filtered list.</param>
/// <param name="Label">The navigation's accessible name.</param>
/// <param name="Previous">The link to the page before.</param>
/// <param name="Next">The link to the page after.</param>
/// <param name="Position">Where the reader is ("page 2 of 7, 160 in all").</param>
/// <param name="Id">The element id (a page with two lists has two pagers).</param>
/// <param name="Parameter">The query parameter of the page number.</param>
public sealed record Pager(int Number, int PageCount, string Label, string Previous, string Next, string Position, string Id, string Parameter);
