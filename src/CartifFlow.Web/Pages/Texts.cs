using System.Collections.Frozen;
using System.Globalization;
using System.Security.Claims;
using CartifFlow.Web.Authentication;

namespace CartifFlow.Web.Pages;

/// <summary>Every text of the pages, in English and Russian. The reader's language: the switch's cookie, else their preference.</summary>
internal static class Texts
{
    public const string LanguageCookie = "cartifflow-lang";

    private static readonly FrozenDictionary<string, (string En, string Ru)> All = new Dictionary<string, (string En, string Ru)>(StringComparer.Ordinal)
    {
        ["skip"] = ("Skip to content", "Перейти к содержанию"),
        ["nav"] = ("Main", "Главное меню"),
        ["language"] = ("Language", "Язык"),
        ["signed-in-as"] = ("Signed in as", "Вы вошли как"),
        ["sign-out"] = ("Sign out", "Выйти"),
        ["sign-in"] = ("Sign in", "Вход"),
        ["sign-in.intro"] = ("Enter your e-mail address: we send you a link that signs you in. It works once, for a short time.", "Введите адрес электронной почты: мы пришлём ссылку для входа. Она действует один раз и недолго."),
        ["sign-in.email"] = ("E-mail address", "Адрес электронной почты"),
        ["sign-in.send"] = ("Send me a sign-in link", "Прислать ссылку для входа"),
        ["sign-in.email-required"] = ("Enter an e-mail address.", "Введите адрес электронной почты."),
        ["sign-in.sent.title"] = ("Check your e-mail", "Проверьте почту"),
        ["sign-in.sent"] = ("If this address belongs to a person taking part in the negotiation, a sign-in link is on its way to it. Open the link from the e-mail on this device.", "Если этот адрес принадлежит участнику переговоров, на него отправлена ссылка для входа. Откройте ссылку из письма на этом устройстве."),
        ["sign-in.confirm.title"] = ("Confirm sign-in", "Подтвердите вход"),
        ["sign-in.confirm"] = ("Press the button to sign in to CartifFlow.", "Нажмите кнопку, чтобы войти в CartifFlow."),
        ["sign-in.invalid.title"] = ("This link does not work", "Ссылка недействительна"),
        ["sign-in.invalid"] = ("The link is unknown, already used or expired. Ask for a new one.", "Ссылка неизвестна, уже использована или устарела. Запросите новую."),
        ["sign-in.again"] = ("Ask for a new link", "Запросить новую ссылку"),
        ["nav.dashboard"] = ("Procedures", "Процедуры"),
        ["nav.launch"] = ("Launch a procedure", "Начать процедуру"),
        ["nav.registry"] = ("Participants", "Участники"),
        ["nav.workflows"] = ("Workflows", "Процессы"),
        ["nav.inbox"] = ("Inbox", "Входящие"),
        ["nav.jobs"] = ("Background jobs", "Фоновые задачи"),
        ["home.nothing"] = ("There is nothing for you to act on. Information copies reach you by e-mail.", "Для вас нет действий. Информационные копии приходят по электронной почте."),
        ["dashboard.title"] = ("Written procedures", "Письменные процедуры"),
        ["dashboard.none"] = ("No written procedure yet.", "Письменных процедур пока нет."),
        ["col.key"] = ("Procedure", "Процедура"),
        ["col.title"] = ("Title", "Название"),
        ["col.area"] = ("Area", "Направление"),
        ["col.mode"] = ("Mode", "Режим"),
        ["col.state"] = ("State", "Состояние"),
        ["col.deadline-seat"] = ("Deadline at the seat", "Срок по времени Секретариата"),
        ["col.deadline-yours"] = ("Deadline, your time", "Срок по вашему времени"),
        ["col.replied"] = ("Replied", "Ответили"),
        ["col.not-replied"] = ("Not replied", "Не ответили"),
        ["col.overdue"] = ("Overdue parties", "Просрочившие Стороны"),
        ["col.party"] = ("Party", "Сторона"),
        ["col.response"] = ("Response", "Ответ"),
        ["col.at"] = ("When (your time)", "Когда (по вашему времени)"),
        ["col.by"] = ("By", "Кто"),
        ["col.details"] = ("Comments, reason, wording", "Комментарии, причина, формулировка"),
        ["col.remaining"] = ("Time remaining", "Осталось"),
        ["col.your-response"] = ("Your party's response", "Ответ вашей Стороны"),
        ["col.outcome"] = ("Outcome", "Итог"),
        ["no-response"] = ("No response", "Нет ответа"),
        ["procedure.text"] = ("Text under procedure", "Текст процедуры"),
        ["procedure.document"] = ("Document", "Документ"),
        ["procedure.matrix"] = ("Responses", "Ответы"),
        ["procedure.messages"] = ("E-mail delivery", "Доставка писем"),
        ["procedure.audit"] = ("Audit log and timeline", "Журнал аудита и хронология"),
        ["procedure.extend"] = ("Extend the deadline", "Продлить срок"),
        ["procedure.withdraw"] = ("Withdraw the procedure", "Отозвать процедуру"),
        ["procedure.new-deadline"] = ("New deadline (time at the seat, {0})", "Новый срок (время Секретариата, {0})"),
        ["procedure.reason"] = ("Reason", "Причина"),
        ["procedure.done"] = ("Done.", "Готово."),
        ["launch.title"] = ("Launch a written procedure", "Начать письменную процедуру"),
        ["launch.area"] = ("Negotiating area", "Направление переговоров"),
        ["launch.title-field"] = ("Title", "Название"),
        ["launch.text"] = ("Text under procedure", "Текст процедуры"),
        ["launch.mode"] = ("Mode", "Режим"),
        ["launch.silence"] = ("Silence: adopted unless a party objects", "Молчание: принято, если никто не возразил"),
        ["launch.consent"] = ("Consent: every party must agree", "Согласие: должны согласиться все Стороны"),
        ["launch.deadline"] = ("Deadline (time at the seat, {0})", "Срок (время Секретариата, {0})"),
        ["launch.submit"] = ("Launch", "Начать"),
        ["respond.title"] = ("Respond for {0}", "Ответ от имени: {0}"),
        ["respond.kind"] = ("Your party's response", "Ответ вашей Стороны"),
        ["respond.agree"] = ("Agree", "Согласны"),
        ["respond.agree-with-comments"] = ("Agree with comments", "Согласны с комментариями"),
        ["respond.object"] = ("Object", "Возражаем"),
        ["respond.comments"] = ("Comments", "Комментарии"),
        ["respond.reason"] = ("Reason for the objection", "Причина возражения"),
        ["respond.wording"] = ("Proposed wording (optional)", "Предлагаемая формулировка (необязательно)"),
        ["respond.submit"] = ("Send the response", "Отправить ответ"),
        ["respond.recorded"] = ("Your response is recorded. You may change it until the deadline; the latest counts.", "Ваш ответ записан. Его можно изменить до истечения срока; учитывается последний."),
        ["respond.current"] = ("Current response", "Текущий ответ"),
        ["respond.closed"] = ("This procedure is closed; responses are no longer accepted.", "Процедура закрыта; ответы больше не принимаются."),
        ["inbox.title"] = ("Waiting for {0}", "Ожидает ответа: {0}"),
        ["inbox.none"] = ("Nothing is waiting for your party.", "Для вашей Стороны ничего не ожидается."),
        ["inbox.history"] = ("Your party's history", "История вашей Стороны"),
        ["inbox.respond"] = ("Read and respond", "Прочитать и ответить"),
        ["inbox.past"] = ("past the deadline", "срок истёк"),
        ["registry.title"] = ("Participants", "Участники"),
        ["registry.parties"] = ("Parties", "Стороны"),
        ["registry.people"] = ("People", "Люди"),
        ["col.name"] = ("Name", "Имя"),
        ["col.status"] = ("Status", "Статус"),
        ["col.email"] = ("E-mail", "Эл. почта"),
        ["col.roles"] = ("Roles", "Роли"),
        ["col.language"] = ("Language", "Язык"),
        ["col.time-zone"] = ("Time zone", "Часовой пояс"),
        ["col.active"] = ("Active", "Активен"),
        ["yes"] = ("yes", "да"),
        ["no"] = ("no", "нет"),
        ["messages.title"] = ("E-mail delivery of {0}", "Доставка писем: {0}"),
        ["col.template"] = ("Message", "Письмо"),
        ["col.to"] = ("To", "Кому"),
        ["col.cc"] = ("Copy", "Копия"),
        ["col.attempts"] = ("Attempts", "Попытки"),
        ["col.sent"] = ("Sent", "Отправлено"),
        ["col.error"] = ("Last error", "Последняя ошибка"),
        ["audit.title"] = ("Audit log of {0}", "Журнал аудита: {0}"),
        ["audit.verify"] = ("Check the hash chain", "Проверить цепочку хешей"),
        ["audit.intact"] = ("The hash chain is intact: {0} events.", "Цепочка хешей цела: событий {0}."),
        ["audit.broken"] = ("The hash chain is BROKEN from event {0}.", "Цепочка хешей НАРУШЕНА начиная с события {0}."),
        ["col.seq"] = ("#", "№"),
        ["col.trigger"] = ("Step", "Шаг"),
        ["col.from"] = ("From", "Из"),
        ["col.to-state"] = ("To", "В"),
        ["col.hash"] = ("Hash", "Хеш"),
        ["workflows.title"] = ("Workflow diagrams", "Схемы процессов"),
        ["workflows.states"] = ("States", "Состояния"),
        ["workflows.triggers"] = ("Triggers and who may fire them", "Триггеры и кто может их вызвать"),
        ["error.403.title"] = ("Not allowed", "Доступ запрещён"),
        ["error.403"] = ("You may not see or do this: it belongs to another role or another party.", "Вам это недоступно: это относится к другой роли или другой Стороне."),
        ["error.404.title"] = ("Not found", "Не найдено"),
        ["error.404"] = ("There is no such page or procedure.", "Такой страницы или процедуры нет."),
        ["error.other.title"] = ("Something went wrong", "Что-то пошло не так"),
        ["error.other"] = ("The request could not be completed (status {0}).", "Запрос не выполнен (код {0})."),
        ["act.confirm.title"] = ("Confirm", "Подтвердите"),
        ["act.invalid.title"] = ("This link does not work", "Ссылка недействительна"),
        ["act.invalid"] = ("The link is altered, expired or already used. Sign in and act on the page instead.", "Ссылка изменена, устарела или уже использована. Войдите и действуйте на странице."),
        ["act.foreign"] = ("This link was sent to another person. Sign out first, or use your own link.", "Эта ссылка отправлена другому человеку. Сначала выйдите или используйте свою ссылку."),
        ["act.view"] = ("Open written procedure {0} for {1}.", "Открыть письменную процедуру {0} для Стороны: {1}."),
        ["act.agree"] = ("Record that {1} agrees to written procedure {0}.", "Записать согласие Стороны {1} с письменной процедурой {0}."),
        ["act.button.view"] = ("Open", "Открыть"),
        ["act.button.agree"] = ("Agree", "Согласиться"),
        ["unit.d"] = ("d", "д"),
        ["unit.h"] = ("h", "ч"),
        ["unit.min"] = ("min", "мин"),
        // Issue 6: sign-in through an OpenID Connect provider.
        ["sign-in.provider"] = ("Sign in with {0}", "Войти через {0}"),
        ["sign-in.or-email"] = ("Or sign in with a link sent to your e-mail address.", "Или войдите по ссылке, присланной на ваш адрес электронной почты."),
        ["sign-in.refused.title"] = ("Sign-in refused", "Вход не выполнен"),
        ["sign-in.refused.unknown"] = ("The identity provider signed you in, but its e-mail address belongs to no one taking part in the negotiation. Ask the Secretariat to check the address in the participants registry.", "Поставщик удостоверений подтвердил вашу личность, но его адрес электронной почты не принадлежит ни одному участнику переговоров. Попросите Секретариат проверить адрес в реестре участников."),
        ["sign-in.refused.unverified"] = ("The identity provider has not verified your e-mail address, so it cannot sign you in here. Verify the address at the provider, or sign in with an e-mailed link.", "Поставщик удостоверений не подтвердил ваш адрес электронной почты, поэтому войти через него нельзя. Подтвердите адрес у поставщика или войдите по ссылке из письма."),
        ["sign-in.refused.failed"] = ("Sign-in through the identity provider did not complete (cancelled, expired or invalid). Try again.", "Вход через поставщика удостоверений не завершён (отменён, устарел или недействителен). Попробуйте ещё раз."),
        ["sign-in.refused.again"] = ("Back to sign-in", "Вернуться ко входу"),
        // Issue 6: the engine's refusals by their stable code (StepResult.Code), in the reader's language.
        ["step.ended"] = ("{0} has ended ({1}).", "{0}: процедура завершена ({1})."),
        ["step.not-possible-now"] = ("'{0}' is not possible now: no condition for it holds in {1}.", "Действие «{0}» сейчас невозможно: в состоянии {1} для него не выполнено ни одно условие."),
        ["step.not-possible-in-state"] = ("'{0}' is not possible in {1}.", "Действие «{0}» невозможно в состоянии {1}."),
        ["step.deadline-passed"] = ("The deadline of {0} passed at {1} UTC; responses are no longer accepted.", "Срок процедуры {0} истёк {1} UTC; ответы больше не принимаются."),
        ["step.party-not-taking-part"] = ("{0} does not take part in written procedure {1} and cannot answer it.", "{0} не участвует в письменной процедуре {1} и не может на неё отвечать."),
        ["step.response-kind-required"] = ("Choose a response: agree, agree with comments or object.", "Выберите ответ: согласие, согласие с комментариями или возражение."),
        ["step.response-kind-unknown"] = ("'{0}' is not a response: choose agree, agree with comments or object.", "«{0}» — не ответ: выберите согласие, согласие с комментариями или возражение."),
        ["step.comments-required"] = ("Comments are required with agree with comments.", "Для согласия с комментариями нужны комментарии."),
        ["step.objection-reason-required"] = ("An objection needs a reason.", "Возражение должно содержать причину."),
        ["step.text-too-long"] = ("'{0}' is longer than {1} characters.", "Поле «{0}» длиннее {1} символов."),
        ["step.deadline-required"] = ("A new deadline is required.", "Укажите новый срок."),
        ["step.deadline-not-later"] = ("The new deadline must be later than the current one and in the future.", "Новый срок должен быть позже текущего и в будущем."),
        ["step.reason-required"] = ("Give a reason.", "Укажите причину."),
        ["step.reason-too-long"] = ("A reason has at most {0} characters.", "Причина — не более {0} символов."),
        ["step.deadline-unparsable"] = ("'{0}' is not a deadline: give local time at the seat ({1}) as 2026-07-01T17:00.", "«{0}» — не срок: укажите местное время Секретариата ({1}) в виде 2026-07-01T17:00."),
        // Issue 6: closing an escalated procedure.
        ["procedure.close"] = ("Close as not adopted", "Закрыть как непринятую"),
        ["procedure.close.intro"] = ("Parties were missing at the deadline and their chief negotiators have been told. Close the procedure as not adopted: the provision goes onto the working group's agenda and everyone is told, with your reason.", "К сроку ответили не все Стороны, их главные переговорщики уведомлены. Закройте процедуру как непринятую: положение будет включено в повестку рабочей группы, все получат уведомление с указанной причиной."),
        ["procedure.close.not-escalated"] = ("Only an escalated procedure can be closed this way; this one is {0}.", "Так можно закрыть только эскалированную процедуру; эта процедура в состоянии {0}."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The keys, for the test that every text exists in both languages.</summary>
    public static IEnumerable<string> Keys => All.Keys;

    public static string Get(string language, string key) =>
        All.TryGetValue(key, out var text) ? (language == "ru" ? text.Ru : text.En) : throw new KeyNotFoundException($"No page text '{key}'.");

    public static string Format(string language, string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(language, key), args);

    /// <summary>An engine refusal in the reader's language: by its code when the pages know it, else the engine's English text.</summary>
    public static string Refusal(string language, CartifFlow.Engine.Runtime.StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Code is { } code && All.ContainsKey("step." + code)
            ? Format(language, "step." + code, [.. result.Arguments])
            : result.Message ?? result.Outcome.ToString();
    }

    /// <summary>The switch's cookie, else the person's preference, else the browser's, else English.</summary>
    public static string Language(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.TryGetValue(LanguageCookie, out var chosen) && chosen is "en" or "ru")
        {
            return chosen;
        }

        var preferred = context.User.FindFirstValue(PageAuthentication.LanguageClaim);
        if (preferred is "en" or "ru")
        {
            return preferred;
        }

        return context.Request.Headers.AcceptLanguage.ToString().StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru" : "en";
    }
}

/// <summary>How instants and durations read on the pages, as in the e-mails: <c>2026-06-15 14:00 (UTC+05:00, Asia/Almaty)</c>.</summary>
internal static class Display
{
    public static string Instant(DateTimeOffset instant, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} (UTC{sign}{offset:hh\\:mm}, {zone})");
    }

    public static string Remaining(TimeSpan left, string language)
    {
        if (left <= TimeSpan.Zero)
        {
            return Texts.Get(language, "inbox.past");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalDays} {Texts.Get(language, "unit.d")} {left.Hours} {Texts.Get(language, "unit.h")} {left.Minutes} {Texts.Get(language, "unit.min")}");
    }
}
