using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Authentication;

/// <summary>
/// Sends sign-in links: the link's row and its e-mail (template <c>sign-in</c>) commit together in the outbox, and the
/// outbox job delivers it like any other message. Sign-in messages belong to no workflow instance (<see cref="Guid.Empty"/>).
/// The sign-in page only queues the address (<see cref="Request"/>) and answers: a known address and an unknown one
/// take the same path up to the answer, so that its timing tells nothing; <see cref="SignInMailWorker"/> does the rest.
/// </summary>
public sealed class SignInMail(ICartifFlowDbContextFactory factory, TimeProvider time, IEngineSignals signals, IOptions<WebOptions> options, ILogger<SignInMail> logger)
{
    /// <summary>Addresses waiting to be looked up; a full queue drops the request (the person asks again).</summary>
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues an address; never touches the database, whatever the address.</summary>
    public void Request(string email)
    {
        if (!_queue.Writer.TryWrite(email))
        {
            logger.LogWarning("Sign-in request dropped: the queue is full");
        }
    }

    /// <summary>The queued addresses, one at a time.</summary>
    internal IAsyncEnumerable<string> QueuedAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    public const string Template = "sign-in";

    /// <summary>Unused, unexpired sign-in links a person may hold at once; a further request sends nothing.</summary>
    public const int MaxUnusedLinks = 3;

    /// <summary>Sends a link when the address belongs to an active person; says nothing either way (no account enumeration).</summary>
    public async Task SendAsync(string email, CancellationToken cancellationToken)
    {
        var address = email.Trim();
        await using var db = factory.Create();
        // The registry is small: compare addresses case-insensitively in memory, the same on every provider.
        var person = (await db.Set<Person>().AsNoTracking().Where(p => p.Active).ToListAsync(cancellationToken))
            .FirstOrDefault(p => string.Equals(p.Email, address, StringComparison.OrdinalIgnoreCase));
        if (person is null)
        {
            logger.LogInformation("Sign-in asked for an address that belongs to no active person");
            return;
        }

        var web = options.Value;
        var now = time.GetUtcNow();

        // Anyone may ask for a link for any address: at most MaxUnusedLinks unused links per person at a time, so a
        // stranger cannot flood a focal point's mailbox (or the outbox) with sign-in mail. The answer page is the same.
        // Checked and recorded atomically, on every node at once: the person's row is locked (a no-op update) for the
        // transaction, so that concurrent requests for one person count one after the other.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<Person>().Where(p => p.Id == person.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Active, p => p.Active), cancellationToken);
        var unused = await db.Set<SignInLink>().CountAsync(l => l.PersonId == person.Id && l.UsedAt == null && l.ExpiresAt > now, cancellationToken);
        if (unused >= MaxUnusedLinks)
        {
            logger.LogWarning("Sign-in link for {Person} not sent: {Count} unused links are still valid", person.Id, unused);
            return;
        }

        var token = SignInLinks.Issue(db, person.Id, now, web.SignInLinkLifetime);
        var link = $"{web.PublicBaseUrl.TrimEnd('/')}/sign-in/link?token={Uri.EscapeDataString(token)}";
        var model = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = person.Id, ["name"] = person.Name, ["language"] = person.Language, ["timeZone"] = person.TimeZone },
            ["link"] = link,
            ["expiresAt"] = (now + web.SignInLinkLifetime).ToString("O", CultureInfo.InvariantCulture),
            ["minutes"] = (int)web.SignInLinkLifetime.TotalMinutes,
        };
        db.Outbox.Add(new OutboxMessageRecord
        {
            Id = Guid.CreateVersion7(),
            InstanceId = Guid.Empty,
            Template = Template,
            Language = person.Language,
            TimeZone = person.TimeZone,
            ToJson = JsonSerializer.Serialize(new List<MailAddress> { new(person.Email, person.Name) }),
            CcJson = "[]",
            ModelJson = model.ToJsonString(),
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signals.OutboxWritten();
    }
}

/// <summary>Looks up queued sign-in addresses and sends their links, one after the other.</summary>
internal sealed class SignInMailWorker(SignInMail mail, ILogger<SignInMailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var address in mail.QueuedAsync(stoppingToken))
            {
                try
                {
                    await mail.SendAsync(address, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "A sign-in link could not be sent");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
