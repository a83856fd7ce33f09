using Mash.Audit.Data;
using Mash.Audit.Domain.Clocks;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.Audit.Clocks;

/// <summary>
/// Applies clock changes to the clock table, inside the caller's transaction. Each clock row is
/// created if missing and locked before it changes, so concurrent events about one clock (a stop
/// and its start, two triages) are applied one after the other, whatever order they came in.
/// </summary>
public sealed class ClockBook(AuditDbContext db, WorkingCalendar calendar)
{
    /// <summary>
    /// Clock rows this transaction has locked, by id. DbSet.Local would find them too, but it
    /// detects changes on every tracked entity at each call, once per clock change of a group.
    /// </summary>
    readonly Dictionary<string, ClockRecord> _locked = [];

    /// <summary>
    /// Changed rows wait for <see cref="SaveAsync"/> (once for a group of events) instead of being
    /// saved after each event's changes; anything that reads or writes clocks other than by a row
    /// this transaction holds saves them first, so it sees every change made before it.
    /// </summary>
    public bool DeferSaves { get; set; }

    /// <summary>
    /// Whether a clock change has run since the last save. Every change to a tracked row is made
    /// inside <see cref="ApplyAsync(IEnumerable{ClockChange}, CancellationToken)"/>, so this says
    /// when a save has anything to write without asking EF Core: its change detection covers every
    /// tracked row, and a group asked before each query of its events, a cost that grew with the
    /// square of the group and let the trail fall behind under load (issue 18).
    /// </summary>
    bool _unsaved;

    /// <summary>Writes the changed clock rows (one round trip for all of them); nothing when no change ran since the last save.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (!_unsaved) return;
        await db.SaveChangesAsync(cancellationToken);
        _unsaved = false;
    }

    /// <summary>Case locks taken ahead for the whole transaction (<see cref="LockAheadAsync"/>).</summary>
    readonly HashSet<string> _cases = new(StringComparer.Ordinal);

    /// <summary>
    /// Locks every row a group of changes will touch, and the case locks it needs, before any is
    /// applied: three round trips for the group, in a fixed order, where each change took one or two
    /// of its own (see <see cref="ClockRowsAhead"/>). Applying them afterwards finds the rows here.
    /// </summary>
    public async Task LockAheadAsync(IEnumerable<ClockChange> changes, CancellationToken cancellationToken)
    {
        var ahead = ClockRowsAhead.Of(changes);
        var cases = ahead.Cases.Where(c => !_cases.Contains(c)).ToArray();
        if (cases.Length > 0)
        {
            await LockCasesAsync(cases, cancellationToken);
            _cases.UnionWith(cases);
        }
        var create = ahead.Created.Where(c => Tracked(c.ClockId) is null).ToList();
        if (create.Count > 0)
        {
            var (ids, kinds, raised) = (create.Select(c => c.ClockId).ToArray(), create.Select(c => (int)c.Kind).ToArray(), create.Select(c => c.RaisedByAudit).ToArray());
            foreach (var clock in await db.Clocks.FromSql($"""
                INSERT INTO clocks (clock_id, kind, raised_by_audit)
                SELECT id, kind, raised FROM unnest({ids}, {kinds}, {raised}) WITH ORDINALITY AS c (id, kind, raised, n) ORDER BY n
                ON CONFLICT (clock_id) DO NOTHING RETURNING *
                """).ToListAsync(cancellationToken))
                Remember(clock);
        }
        var existing = ahead.Created.Select(c => c.ClockId).Concat(ahead.Existing).Where(id => Tracked(id) is null).ToArray();
        if (existing.Length > 0)
            foreach (var clock in await db.Clocks.FromSql($"SELECT * FROM clocks WHERE clock_id = ANY({existing}) ORDER BY clock_id FOR UPDATE").ToListAsync(cancellationToken))
                Remember(clock);
        _soughtAhead.UnionWith(existing);
        await ReadCasesAheadAsync(changes, cancellationToken);
    }

    /// <summary>
    /// What a case clock's start reads of its case (<see cref="InheritFromCaseAsync"/>,
    /// <see cref="TakeHolderAsync"/>), read for the whole group in two round trips: each start took
    /// a save and two queries of its own, one after the other under the chain lock, and a routing
    /// to child protection starts three (issue 18). Every later change to a clock row in the
    /// transaction is made on a row this book holds, so the rows held and the rows read here are
    /// together what a query would find; but for a child whose case a hold changes in the group
    /// (plain SQL), which is asked again as before.
    /// </summary>
    async Task ReadCasesAheadAsync(IEnumerable<ClockChange> changes, CancellationToken cancellationToken)
    {
        var starts = changes.OfType<StartClock>()
            .Where(s => ClockPlan.CaseClocks.Contains(s.Kind) && s.Subject.Children.Count == 1 && s.Subject.ContactId.Length > 0).ToList();
        var contacts = starts.Select(s => s.Subject.ContactId).Where(c => !_casesAhead.ContainsKey(c)).Distinct().ToArray();
        var children = starts.Select(s => s.Subject.Children[0]).Where(c => !_holdersAhead.ContainsKey(c)).Distinct().ToArray();
        if (contacts.Length > 0)
        {
            var rows = await CaseRowsAsync(contacts, cancellationToken);
            foreach (var contact in contacts) _casesAhead[contact] = [.. rows.Where(r => r.ContactId == contact)];
        }
        if (children.Length > 0)
        {
            var holders = await HoldersAsync(children, cancellationToken);
            foreach (var child in children) _holdersAhead[child] = [.. holders.Where(h => h.ChildId == child)];
        }
    }

    /// <summary>The contacts' clock rows that have a locality: where a case clock's start looks for its siblings.</summary>
    Task<List<ClockRecord>> CaseRowsAsync(string[] contacts, CancellationToken cancellationToken) =>
        db.Clocks.AsNoTracking().Where(c => contacts.Contains(c.ContactId) && c.Locality != "").ToListAsync(cancellationToken);

    Task<List<ClockHolder>> HoldersAsync(string[] children, CancellationToken cancellationToken) =>
        db.ClockHolders.AsNoTracking().Where(h => children.Contains(h.ChildId)).ToListAsync(cancellationToken);

    /// <summary>Clock rows with a locality, by contact, as they were when read ahead.</summary>
    readonly Dictionary<string, List<ClockRecord>> _casesAhead = new(StringComparer.Ordinal);

    /// <summary>Case holders, by child, as they were when read ahead.</summary>
    readonly Dictionary<string, List<ClockHolder>> _holdersAhead = new(StringComparer.Ordinal);

    /// <summary>Children whose case a hold changed in this transaction: what was read ahead of them is out of date.</summary>
    readonly HashSet<string> _heldHere = new(StringComparer.Ordinal);

    /// <summary>
    /// Rows looked for ahead (<see cref="LockAheadAsync"/>): one not found then is not there for the
    /// rest of the transaction unless this book makes it (and then holds it), since every clock row
    /// is made here, under the trail's chain lock that the group holds. A change that would only
    /// change such a row (<see cref="RetireClock"/>) finds it missing without asking again.
    /// </summary>
    readonly HashSet<string> _soughtAhead = new(StringComparer.Ordinal);

    public async Task ApplyAsync(IEnumerable<ClockChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            // Before and after: a save inside the change writes what it changed so far.
            _unsaved = true;
            var touched = await ApplyAsync(change, cancellationToken);
            _unsaved = true;
            if (touched is not null) touched.AtRiskAt = ClockTimes.AtRiskOf(touched.StartedAt, touched.DueAt, calendar.For(touched.LocalAuthority));
        }
        if (!DeferSaves) await SaveAsync(cancellationToken);
    }

    async Task<ClockRecord?> ApplyAsync(ClockChange change, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case StartClock start:
            {
                if (ClockPlan.CaseClocks.Contains(start.Kind) && start.Subject.Children.Count == 1)
                    await LockCaseAsync(start.Subject.Children[0], cancellationToken);
                var clock = await LockAsync(start.ClockId, start.Kind, start.RaisedByAudit, cancellationToken);
                Fill(clock, start.Subject, owner: true);
                clock.StartedAt ??= start.StartedAt;
                clock.DueAt ??= start.DueAt;
                await InheritFromCaseAsync(clock, cancellationToken);
                await TakeHolderAsync(clock, cancellationToken);
                return clock;
            }
            case SetDeadline deadline:
            {
                var clock = await LockAsync(deadline.ClockId, deadline.Kind, true, cancellationToken);
                Fill(clock, deadline.Subject with { LocalAuthority = clock.LocalAuthority.Length > 0 ? "" : deadline.Subject.LocalAuthority }, owner: false);
                if (deadline.Evaluation >= clock.DueEvaluation)
                {
                    (clock.DueAt, clock.DueEvaluation) = (deadline.DueAt, deadline.Evaluation);
                    if (deadline.Subject.Rag != Rag.Unspecified) clock.Rag = (int)deadline.Subject.Rag;
                }
                return clock;
            }
            case StopClock stop:
            {
                var clock = await LockAsync(stop.ClockId, stop.Kind, ClockPlan.RaisedByAudit(stop.Kind), cancellationToken);
                Fill(clock, stop.Subject, owner: false);
                if (stop.Subject.Rag != Rag.Unspecified) clock.Rag = (int)stop.Subject.Rag;
                if (stop.Subject.HeldBy.Length > 0) clock.HeldBy = stop.Subject.HeldBy;
                clock.StoppedAt ??= stop.StoppedAt;
                return clock;
            }
            case CancelClock cancel:
            {
                // Created if missing: a withdrawal that overtook the contact still cancels its clock.
                var clock = await LockAsync(cancel.ClockId, cancel.Kind, ClockPlan.RaisedByAudit(cancel.Kind), cancellationToken);
                Fill(clock, cancel.Subject, owner: false);
                if (clock.StoppedAt is null) clock.CancelledAt ??= cancel.At;
                return clock;
            }
            case RetireClock retire:
            {
                var clock = await FindLockedAsync(retire.ClockId, cancellationToken);
                if (clock is { StoppedAt: null, CancelledAt: null }) clock.CancelledAt = retire.At;
                return clock;
            }
            case CancelContactClocks cancel:
                await SaveAsync(cancellationToken);
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE clocks SET cancelled_at = {cancel.At}
                     WHERE kind = {(int)cancel.Kind} AND contact_id = {cancel.ContactId} AND stopped_at IS NULL AND cancelled_at IS NULL
                    """, cancellationToken);
                return null;
            case HoldClocks hold:
            {
                await LockCaseAsync(hold.ChildId, cancellationToken);
                _heldHere.Add(hold.ChildId);
                var newest = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO clock_holders (child_id, contact_id, held_by, subject_id, held_at)
                    VALUES ({hold.ChildId}, {hold.ContactId}, {hold.HeldBy}, {hold.SubjectId}, {hold.At})
                    ON CONFLICT (child_id, contact_id) DO UPDATE
                       SET held_by = excluded.held_by, subject_id = excluded.subject_id, held_at = excluded.held_at
                     WHERE clock_holders.held_at <= excluded.held_at
                    """, cancellationToken);
                if (newest == 0) return null;
                var kinds = hold.Kinds.Select(k => (int)k).ToArray();
                await SaveAsync(cancellationToken);
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE clocks SET held_by = {hold.HeldBy}, subject_id = {hold.SubjectId}
                     WHERE kind = ANY({kinds}) AND child_ids @> ARRAY[{hold.ChildId}]::text[] AND ({hold.ContactId} = '' OR contact_id = {hold.ContactId})
                       AND stopped_at IS NULL AND cancelled_at IS NULL
                    """, cancellationToken);
                return null;
            }
            case RecordAlert alert:
            {
                var clock = await LockAsync(alert.ClockId, alert.Kind, raisedByAudit: false, cancellationToken);
                Fill(clock, alert.Subject, owner: false);
                clock.StartedAt ??= alert.StartedAt;
                clock.DueAt ??= alert.DueAt;
                if (alert.Breached) clock.BreachedRaisedAt ??= alert.RaisedAt;
                else clock.AtRiskRaisedAt ??= alert.RaisedAt;
                return clock;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "unknown clock change");
        }
    }

    /// <summary>
    /// Case clocks starting and an allocation arriving for the same child take turns, so neither
    /// misses the other's uncommitted rows (the clock would otherwise be held by no one).
    /// </summary>
    async Task LockCaseAsync(string childId, CancellationToken cancellationToken)
    {
        // Only locks taken ahead are remembered: one taken inside an event's savepoint is released
        // again if that savepoint is rolled back.
        if (!_cases.Contains(childId)) await LockCasesAsync([childId], cancellationToken);
    }

    /// <summary>The children's case locks, in the order given, in one round trip.</summary>
    Task LockCasesAsync(string[] children, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            SELECT count(pg_advisory_xact_lock(hashtextextended('mash-case:' || child, 0)))
              FROM (SELECT child FROM unnest({children}) WITH ORDINALITY AS c (child, n) ORDER BY n) AS ordered
            """, cancellationToken);

    /// <summary>The clock row, created if missing, locked for the rest of the transaction.</summary>
    async Task<ClockRecord> LockAsync(string clockId, ClockKind kind, bool raisedByAudit, CancellationToken cancellationToken)
    {
        if (Tracked(clockId) is { } tracked) return tracked;
        // A row this transaction inserts is its own until it commits (a concurrent insert waits on
        // the key): only a row that was there already needs FOR UPDATE, a second round trip.
        var created = await db.Clocks.FromSql(
            $"INSERT INTO clocks (clock_id, kind, raised_by_audit) VALUES ({clockId}, {(int)kind}, {raisedByAudit}) ON CONFLICT (clock_id) DO NOTHING RETURNING *")
            .ToListAsync(cancellationToken);
        return Remember(created.SingleOrDefault()) ?? (await SelectLockedAsync(clockId, cancellationToken))!;
    }

    async Task<ClockRecord?> FindLockedAsync(string clockId, CancellationToken cancellationToken)
    {
        if (Tracked(clockId) is { } tracked) return tracked;
        if (_soughtAhead.Contains(clockId) && !_locked.ContainsKey(clockId)) return null;
        return await SelectLockedAsync(clockId, cancellationToken);
    }

    async Task<ClockRecord?> SelectLockedAsync(string clockId, CancellationToken cancellationToken)
    {
        var rows = await db.Clocks.FromSql($"SELECT * FROM clocks WHERE clock_id = {clockId} FOR UPDATE").ToListAsync(cancellationToken);
        return Remember(rows.SingleOrDefault());
    }

    /// <summary>A row locked earlier in this transaction, unless since cleared from the tracker (a rolled-back savepoint). No clock row is ever removed.</summary>
    ClockRecord? Tracked(string clockId) =>
        _locked.TryGetValue(clockId, out var clock) && db.StateOf(clock) is not EntityState.Detached ? clock : null;

    ClockRecord? Remember(ClockRecord? clock)
    {
        if (clock is not null) _locked[clock.ClockId] = clock;
        return clock;
    }

    /// <summary>A clock started later in a case (the conference after a strategy discussion) keeps the case's locality and holder.</summary>
    async Task InheritFromCaseAsync(ClockRecord clock, CancellationToken cancellationToken)
    {
        if (!ClockPlan.CaseClocks.Contains((ClockKind)clock.Kind) || (clock.Locality.Length > 0 && clock.HeldBy.Length > 0)
            || clock.ContactId.Length == 0 || clock.ChildIds.Count != 1) return;
        IEnumerable<ClockRecord> rows;
        if (!_heldHere.Contains(clock.ChildIds[0]) && _casesAhead.TryGetValue(clock.ContactId, out var readAhead))
            // The rows held are as this transaction left them; the others as read ahead.
            rows = readAhead.Where(r => !_locked.ContainsKey(r.ClockId))
                .Concat(_locked.Values.Where(r => r.ContactId == clock.ContactId && Tracked(r.ClockId) is not null));
        else
        {
            // Not read ahead, or changed since by a hold's plain SQL: read now, with this transaction's changes saved.
            await SaveAsync(cancellationToken);
            rows = await CaseRowsAsync([clock.ContactId], cancellationToken);
        }
        var sibling = CaseLookups.Sibling(clock, rows);
        if (sibling is null) return;
        if (clock.Locality.Length == 0) clock.Locality = sibling.Locality;
        if (clock.HeldBy.Length == 0) clock.HeldBy = sibling.HeldBy;
        if (clock.SubjectId.Length == 0) clock.SubjectId = sibling.SubjectId;
    }

    /// <summary>A case clock that starts after its allocation arrived is held by whoever the allocation named.</summary>
    async Task TakeHolderAsync(ClockRecord clock, CancellationToken cancellationToken)
    {
        if (!ClockPlan.CaseClocks.Contains((ClockKind)clock.Kind) || clock.ChildIds.Count != 1 || (clock.HeldBy.Length > 0 && clock.SubjectId.Length > 0)) return;
        var child = clock.ChildIds[0];
        var holders = !_heldHere.Contains(child) && _holdersAhead.TryGetValue(child, out var readAhead)
            ? readAhead
            : await HoldersAsync([child], cancellationToken);
        var holder = CaseLookups.Holder(clock, holders);
        if (holder is null) return;
        if (clock.HeldBy.Length == 0) clock.HeldBy = holder.HeldBy;
        if (clock.SubjectId.Length == 0) clock.SubjectId = holder.SubjectId;
    }

    /// <summary>What the event knows about the clock: the starting event owns the authority; others fill gaps only.</summary>
    static void Fill(ClockRecord clock, ClockSubject subject, bool owner)
    {
        if (subject.ContactId.Length > 0 && clock.ContactId.Length == 0) clock.ContactId = subject.ContactId;
        if (subject.Children.Count > 0 && clock.ChildIds.Count == 0) clock.ChildIds = [.. subject.Children];
        if (subject.LocalAuthority.Length > 0 && (owner || clock.LocalAuthority.Length == 0)) clock.LocalAuthority = subject.LocalAuthority;
        if (subject.Locality.Length > 0) clock.Locality = subject.Locality;
        if (subject.Rag != Rag.Unspecified && clock.Rag == 0) clock.Rag = (int)subject.Rag;
        if (subject.SubjectId.Length > 0 && clock.SubjectId.Length == 0) clock.SubjectId = subject.SubjectId;
        if (subject.HeldBy.Length > 0 && clock.HeldBy.Length == 0) clock.HeldBy = subject.HeldBy;
    }
}
