using System.Collections.Frozen;
using System.Globalization;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>The words of the draft exports and the chart, in English and Russian (as the pages' Texts table).</summary>
public static class DraftTexts
{
    private static readonly FrozenDictionary<string, (string En, string Ru)> All = new Dictionary<string, (string En, string Ru)>(StringComparer.Ordinal)
    {
        ["status.Agreed"] = ("agreed", "согласовано"),
        ["status.AgreedAdReferendum"] = ("agreed ad referendum", "согласовано ad referendum"),
        ["status.Bracketed"] = ("bracketed", "в скобках"),
        ["status.UnderWrittenProcedure"] = ("under written procedure", "на письменной процедуре"),
        ["status.AdoptedByWrittenProcedure"] = ("adopted by written procedure", "принято письменной процедурой"),
        ["status.ReferredToWorkingGroup"] = ("referred to the working group", "передано рабочей группе"),
        ["reservation"] = ("Reservation ({0}): {1}", "Оговорка ({0}): {1}"),
        ["delete"] = ("delete", "исключить"),
        ["supported-by"] = ("supported by", "при поддержке"),
        ["footnotes"] = ("Notes", "Примечания"),
        ["article"] = ("Article {0}", "Статья {0}"),
        ["chart.title"] = ("Convergence across revisions", "Сближение позиций по редакциям"),
        ["chart.none"] = ("No revision yet.", "Редакций пока нет."),
        ["chart.settled"] = ("Settled provisions", "Согласованные положения"),
        ["chart.open"] = ("Open provisions", "Несогласованные положения"),
        ["chart.words"] = ("Words outside brackets (%)", "Слова вне скобок (%)"),
        ["chart.revision"] = ("Rev. {0}", "Ред. {0}"),
        ["chart.desc"] = (
            "Revision {0}: {1} of {2} provisions settled, {3} open, {4} open brackets, {5}% of the words outside brackets.",
            "Редакция {0}: согласовано {1} из {2} положений, не согласовано {3}, открытых скобок {4}, слов вне скобок {5}%."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The keys, for the test that every text exists in both languages.</summary>
    public static IEnumerable<string> Keys => All.Keys;

    /// <summary>The text in "ru" or else English.</summary>
    public static string Get(string language, string key) =>
        All.TryGetValue(key, out var text) ? (language == "ru" ? text.Ru : text.En) : throw new KeyNotFoundException($"No draft text '{key}'.");

    /// <summary>A provision status's name in the language ("bracketed", "в скобках").</summary>
    public static string Status(string language, ProvisionStatus status) => Get(language, "status." + status);

    internal static string Format(string language, string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(language, key), args);
}
