using Mash.BuildingBlocks.ReferenceData;
using System.Security.Cryptography;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.RuleSets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Mash.Thresholds.Hosting;

/// <summary>
/// Keeps the rule-set catalogue filled. At start: every version stored earlier, then every file of
/// the rule-set folder; the start fails when no rule set at all is known. Then the folder is looked
/// at again every ReloadInterval, and only files whose bytes changed are parsed again. A file with
/// errors never half-loads: its errors are logged and what was there keeps serving. A new valid
/// version is stored and joins the catalogue; the same id and version with other content is refused.
/// </summary>
public sealed class RuleSetReloader(
    IServiceScopeFactory scopes,
    RuleSetCatalog catalog,
    RuleSetLoadTimes loadTimes,
    IOptions<ThresholdsOptions> configured,
    TimeProvider clock,
    ILogger<RuleSetReloader> logger) : BackgroundService
{
    readonly ThresholdsOptions _options = configured.Value.Resolved();

    // The hash of each file as last parsed, so an unchanged file is not parsed (or complained about) again.
    readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadStoredAsync(cancellationToken);
        await ScanAsync(cancellationToken);
        if (catalog.All().Count == 0)
            throw new InvalidOperationException(
                $"No rule set loaded: {_options.RuleSetsPath} holds no valid rule-set file and none is stored (Thresholds__RuleSetsPath)");
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ReloadInterval, clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            try { if (!await timer.WaitForNextTickAsync(stoppingToken)) break; }
            catch (OperationCanceledException) { break; }
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Re-scanning the rule sets in {Folder} failed; the loaded rule sets keep serving", _options.RuleSetsPath);
            }
        }
    }

    async Task LoadStoredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ThresholdsDbContext>();
        var stored = await db.RuleSets.AsNoTracking().OrderBy(r => r.Id).ThenBy(r => r.Version).ToListAsync(cancellationToken);
        foreach (var record in stored)
        {
            var result = RuleSetLoader.Load(record.SourceFile, record.Yaml);
            if (!result.Succeeded || result.RuleSet!.ContentHash != record.ContentHash)
            {
                // The loader may have grown stricter since; the version stays in the database for the record.
                logger.LogError("Stored rule set {RuleSetId} v{Version} no longer loads ({ErrorCount} errors); it is not served",
                    record.Id, record.Version, result.Errors.Count);
                continue;
            }
            catalog.TryAdd(result.RuleSet);
            loadTimes.Record(record.Id, record.Version, record.LoadedAt);
        }
        logger.LogInformation("{Count} stored rule-set versions loaded", stored.Count);
    }

    /// <summary>Looks at every rule-set file once, parsing only those whose bytes changed since the last look.</summary>
    async Task ScanAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_options.RuleSetsPath))
        {
            logger.LogError("The rule-set folder {Folder} does not exist (Thresholds__RuleSetsPath)", _options.RuleSetsPath);
            return;
        }
        foreach (var path in Directory.GetFiles(_options.RuleSetsPath, "*.yaml").Order(StringComparer.Ordinal))
        {
            byte[] bytes;
            try { bytes = await File.ReadAllBytesAsync(path, cancellationToken); }
            catch (IOException ex)
            {
                // Being written right now: the next scan reads it whole.
                logger.LogWarning("Rule-set file {File} could not be read yet: {Reason}", SeedRoot.DisplayName(path), ex.Message);
                continue;
            }
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (_seen.TryGetValue(path, out var seenHash) && seenHash == hash) continue;
            _seen[path] = hash;
            await LoadFileAsync(SeedRoot.DisplayName(path), System.Text.Encoding.UTF8.GetString(bytes), cancellationToken);
        }
    }

    async Task LoadFileAsync(string sourceFile, string yaml, CancellationToken cancellationToken)
    {
        var result = RuleSetLoader.Load(sourceFile, yaml);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                logger.LogError("Rule-set error {File}:{Line}: {RuleId}: {Error} (the last good version keeps serving)",
                    error.File, error.Line, error.RuleId ?? "-", error.Message);
            return;
        }

        var ruleSet = result.RuleSet!;
        var known = catalog.Find(ruleSet.Id, ruleSet.Version);
        if (known is not null)
        {
            if (known.ContentHash != ruleSet.ContentHash)
                logger.LogError("Rule-set file {File} changed but kept {RuleSetId} version {Version}: a changed file needs a new version; the loaded content keeps serving",
                    sourceFile, ruleSet.Id, ruleSet.Version);
            return;
        }
        if (!catalog.TryAdd(ruleSet))
        {
            logger.LogError("Rule set {RuleSetId} version {Version} from {File} was refused by the catalogue", ruleSet.Id, ruleSet.Version, sourceFile);
            return;
        }

        var loadedAt = clock.GetUtcNow();
        await StoreAsync(ruleSet, loadedAt, cancellationToken);
        loadTimes.Record(ruleSet.Id, ruleSet.Version, loadedAt);
        logger.LogInformation("Rule set {RuleSetId} version {Version} for {Authority} loaded from {File} ({RuleCount} rules, effective {EffectiveFrom}, hash {ContentHash})",
            ruleSet.Id, ruleSet.Version, ruleSet.LocalAuthority, sourceFile, ruleSet.Rules.Count,
            ruleSet.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ruleSet.ContentHash);
    }

    async Task StoreAsync(RuleSet ruleSet, DateTimeOffset loadedAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ThresholdsDbContext>();
        // Another instance may have stored it first; the first row stands.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO rule_sets (id, version, content_hash, local_authority, effective_from, source_file, yaml, loaded_at)
            VALUES ({ruleSet.Id}, {ruleSet.Version}, {ruleSet.ContentHash}, {ruleSet.LocalAuthority}, {ruleSet.EffectiveFrom.ToDateOnly()},
                    {ruleSet.SourceFile}, {ruleSet.SourceYaml}, {loadedAt})
            ON CONFLICT (id, version) DO NOTHING
            """, cancellationToken);
    }
}
