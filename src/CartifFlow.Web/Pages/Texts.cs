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
        ["timeline.all"] = ("Instances of {0}", "Экземпляры процесса {0}"),
        ["timeline.none"] = ("No instance of this workflow yet.", "Экземпляров этого процесса пока нет."),
        ["timeline.key"] = ("Key", "Ключ"),
        ["timeline.version"] = ("Definition", "Определение"),
        ["timeline.started"] = ("Started (your time)", "Начат (по вашему времени)"),
        ["timeline.state"] = ("state {0}, definition v{1}", "состояние {0}, определение v{1}"),
        ["timeline.children"] = ("Workflows it started", "Запущенные им процессы"),
        ["timeline.instances"] = ("Instances and their timelines", "Экземпляры и их журналы"),
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
        ["nav.approvals"] = ("Approvals", "Одобрения"),
        ["nav.escalations"] = ("Escalations", "Эскалации"),
        ["nav.delegation"] = ("Delegation", "Передача полномочий"),
        ["nav.propose"] = ("Propose a stage transition", "Предложить переход к этапу"),
        ["nav.schedule"] = ("Schedule a meeting", "Назначить встречу"),
        ["col.transition"] = ("Transition", "Переход"),
        ["col.phases"] = ("From → to", "С этапа → на этап"),
        ["col.your-answer"] = ("Your party's answer", "Ответ вашей Стороны"),
        ["col.approved-by"] = ("Approved", "Одобрили"),
        ["col.rejected-by"] = ("Rejected", "Отклонили"),
        ["col.not-answered"] = ("Not answered", "Не ответили"),
        ["answer.approve"] = ("Approved", "Одобрено"),
        ["answer.reject"] = ("Rejected", "Отклонено"),
        ["approvals.title"] = ("Stage transitions awaiting your party's approval", "Переходы к этапам, ожидающие одобрения вашей Стороны"),
        ["approvals.none"] = ("No stage transition is waiting for your party.", "Для вашей Стороны нет ожидающих переходов."),
        ["approvals.open"] = ("Read and answer", "Прочитать и ответить"),
        ["approvals.closed"] = ("This transition no longer takes answers: it was decided, withdrawn, or its deadline passed.", "Этот переход больше не принимает ответов: решение принято, предложение отозвано или срок истёк."),
        ["approvals.stale"] = ("The transition changed since you opened this page (another answer, a revision or an extension). Read it again and answer again.", "Переход изменился с момента открытия страницы (другой ответ, пересмотр или продление). Прочитайте его снова и ответьте ещё раз."),
        ["approvals.reason-required"] = ("A rejection needs a reason.", "Отклонение должно быть обосновано."),
        ["approval.title"] = ("Stage transition {0}", "Переход к этапу {0}"),
        ["approval.recorded.approve"] = ("Your party's approval is recorded.", "Одобрение вашей Стороны записано."),
        ["approval.recorded.reject"] = ("Your party's rejection is recorded, with its reason.", "Отклонение вашей Стороны записано вместе с причиной."),
        ["approval.proposer"] = ("Proposed by", "Предложил(а)"),
        ["approval.rule"] = ("Decision rule", "Правило принятия решения"),
        ["approval.rule.quorum"] = ("Quorum: {0} of the {1} taking-part parties approve", "Кворум: одобряют {0} из {1} участвующих Сторон"),
        ["approval.rule.consensus"] = ("Consensus of the {0} taking-part parties; a rejection blocks", "Консенсус {0} участвующих Сторон; отклонение блокирует"),
        ["approval.round"] = ("Round", "Раунд"),
        ["approval.justification"] = ("Justification", "Обоснование"),
        ["approval.answers"] = ("Answers so far: {0} approvals, {1} rejections", "Ответы на данный момент: одобрений {0}, отклонений {1}"),
        ["approval.on-behalf-of"] = ("on behalf of {0}", "от имени {0}"),
        ["approval.approve"] = ("Approve", "Одобрить"),
        ["approval.statement"] = ("Statement (optional)", "Заявление (необязательно)"),
        ["approval.reject"] = ("Reject", "Отклонить"),
        ["approval.reason"] = ("Reasons for the rejection", "Причины отклонения"),
        ["escalations.title"] = ("Escalations about your party", "Эскалации, касающиеся вашей Стороны"),
        ["escalations.procedures"] = ("Written procedures", "Письменные процедуры"),
        ["escalations.procedures.intro"] = ("Consent procedures your party had not answered by the deadline; the Secretariat may extend the deadline or close them.", "Процедуры согласия, на которые ваша Сторона не ответила в срок; Секретариат может продлить срок или закрыть их."),
        ["escalations.transitions"] = ("Stage transitions", "Переходы к этапам"),
        ["escalations.transitions.intro"] = ("Transitions whose deadline passed without your party's answer; the CARTIF Team Leader may extend the deadline.", "Переходы, срок которых истёк без ответа вашей Стороны; руководитель группы CARTIF может продлить срок."),
        ["escalations.none"] = ("Nothing is escalated about your party.", "Эскалаций, касающихся вашей Стороны, нет."),
        ["escalations.at"] = ("Escalated (your time)", "Эскалация (по вашему времени)"),
        ["delegation.title"] = ("Delegation of approvals", "Передача права одобрения"),
        ["delegation.intro"] = ("Name a lead negotiator of your party who approves or rejects stage transitions for it during a period. You may revoke it at any time.", "Назначьте ведущего переговорщика вашей Стороны, который на определённый срок одобряет или отклоняет переходы к этапам от её имени. Передачу можно отменить в любой момент."),
        ["delegation.current"] = ("Your party's delegations", "Передачи полномочий вашей Стороны"),
        ["delegation.none"] = ("No delegation yet.", "Передач пока нет."),
        ["delegation.delegate"] = ("Lead negotiator", "Ведущий переговорщик"),
        ["delegation.delegate-required"] = ("Choose the lead negotiator who approves instead of you.", "Выберите ведущего переговорщика, который будет одобрять вместо вас."),
        ["delegation.from"] = ("From (your time)", "С (по вашему времени)"),
        ["delegation.until"] = ("Until (your time)", "До (по вашему времени)"),
        ["delegation.from-field"] = ("From (your time, {0}; now when empty)", "С (ваше время, {0}; если пусто — сейчас)"),
        ["delegation.until-field"] = ("Until (your time, {0})", "До (ваше время, {0})"),
        ["delegation.reason"] = ("Reason (optional)", "Причина (необязательно)"),
        ["delegation.new"] = ("Delegate", "Передать полномочия"),
        ["delegation.submit"] = ("Delegate approvals", "Передать право одобрения"),
        ["delegation.revoke"] = ("Revoke", "Отменить"),
        ["propose.title"] = ("Propose a stage transition", "Предложить переход к следующему этапу"),
        ["propose.intro"] = ("The proposal goes to every taking-part party's Chief Negotiator, who approves or rejects it by the deadline.", "Предложение направляется главным переговорщикам всех участвующих Сторон, которые одобряют или отклоняют его до истечения срока."),
        ["propose.current"] = ("Current phase", "Текущий этап"),
        ["propose.target"] = ("Proposed phase", "Предлагаемый этап"),
        ["propose.no-target"] = ("No stage transition can be proposed in the current phase.", "На текущем этапе переход предложить нельзя."),
        ["propose.rule.quorum"] = ("Quorum: {0} approving parties", "Кворум: {0} одобривших Сторон"),
        ["propose.rule.consensus"] = ("Consensus of the taking-part parties", "Консенсус участвующих Сторон"),
        ["propose.deadline"] = ("Deadline for answers (time at the seat, {0})", "Срок ответов (время Секретариата, {0})"),
        ["propose.justification-required"] = ("Give the justification.", "Укажите обоснование."),
        ["propose.not-started"] = ("The negotiation has not been started.", "Переговоры ещё не начаты."),
        ["propose.submit"] = ("Propose", "Предложить"),
        ["schedule.title"] = ("Schedule a meeting", "Назначить встречу"),
        ["schedule.title-field"] = ("Title", "Название"),
        ["schedule.kind"] = ("Kind of meeting", "Вид встречи"),
        ["schedule.kind-invalid"] = ("Choose a kind of meeting from the list.", "Выберите вид встречи из списка."),
        ["schedule.format"] = ("Format", "Формат"),
        ["schedule.place"] = ("Place (city and venue, or the videoconference)", "Место (город и площадка или видеоконференция)"),
        ["schedule.time-zone"] = ("Time zone of the place (IANA, e.g. Asia/Ulaanbaatar)", "Часовой пояс места (IANA, например Asia/Ulaanbaatar)"),
        ["schedule.start"] = ("Start (local time at the place)", "Начало (местное время)"),
        ["schedule.end"] = ("End (local time at the place)", "Окончание (местное время)"),
        ["schedule.end-after-start"] = ("The end must come after the start.", "Окончание должно быть позже начала."),
        ["schedule.audience"] = ("Invited", "Приглашаются"),
        ["schedule.audience-invalid"] = ("Choose who is invited from the list.", "Выберите приглашённых из списка."),
        ["schedule.agenda"] = ("Agenda", "Повестка дня"),
        ["schedule.submit"] = ("Schedule and invite", "Назначить и пригласить"),
        ["meeting.kind.inaugural"] = ("Inaugural meeting", "Учредительное заседание"),
        ["meeting.kind.chief-negotiators"] = ("Chief Negotiators' meeting", "Встреча главных переговорщиков"),
        ["meeting.kind.zero-round"] = ("Zero Round", "Нулевой раунд"),
        ["meeting.kind.working-group-session"] = ("Working group session", "Заседание рабочей группы"),
        ["meeting.kind.ministerial-conference"] = ("Ministerial Conference", "Министерская конференция"),
        ["meeting.kind.other"] = ("Other", "Другое"),
        ["meeting.format.in-person"] = ("In person", "Очно"),
        ["meeting.format.online"] = ("Online", "Онлайн"),
        ["meeting.format.hybrid"] = ("Hybrid", "Гибридный формат"),
        ["meeting.audience.delegations"] = ("Delegations (focal points and chief negotiators)", "Делегации (координаторы и главные переговорщики)"),
        ["meeting.audience.chief-negotiators"] = ("Chief negotiators", "Главные переговорщики"),
        ["dashboard.negotiation"] = ("The negotiation", "Переговоры"),
        ["dashboard.phase"] = ("Current phase", "Текущий этап"),
        ["dashboard.proposed"] = ("Stage transition {0} proposed to the Chief Negotiators.", "Переход {0} предложен главным переговорщикам."),
        ["dashboard.scheduled"] = ("Meeting {0} scheduled; invitations are on their way.", "Встреча {0} назначена; приглашения отправляются."),
        ["dashboard.approvals"] = ("Open stage-transition approvals", "Открытые одобрения переходов"),
        ["dashboard.approvals.none"] = ("No stage transition is open.", "Открытых переходов нет."),
        ["dashboard.meetings"] = ("Upcoming meetings", "Предстоящие встречи"),
        ["dashboard.meetings.none"] = ("No meeting ahead.", "Предстоящих встреч нет."),
        ["dashboard.meeting-local"] = ("Start, local time", "Начало, местное время"),
        ["act.approve"] = ("Approve, for {1}, stage transition {0}: {2} → {3}.", "Одобрить от имени Стороны {1} переход {0}: {2} → {3}."),
        ["act.reject"] = ("Reject, for {1}, stage transition {0}: {2} → {3}.", "Отклонить от имени Стороны {1} переход {0}: {2} → {3}."),
        ["act.button.approve"] = ("Approve", "Одобрить"),
        ["act.button.reject"] = ("Reject", "Отклонить"),
        ["act.not-yours"] = ("You may no longer answer for this party.", "Вы больше не можете отвечать от имени этой Стороны."),
        ["home.lead"] = ("If your Chief Negotiator has delegated approvals to you, the stage transitions to answer are on the Approvals page.", "Если главный переговорщик передал вам право одобрения, переходы, ожидающие ответа, находятся на странице «Одобрения»."),
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
