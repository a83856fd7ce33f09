using Mash.Audit.Domain.Checkpoints;
using Microsoft.Extensions.Options;

namespace Mash.Audit.Checkpoints;

/// <summary>A checkpoint file as read: the checkpoint when its signature verified, otherwise why not.</summary>
public sealed record StoredCheckpoint(string File, Checkpoint? Checkpoint, CheckpointProblem? Problem);

/// <summary>
/// The checkpoint directory: the latest checkpoint of each authority, one file each. Latest only,
/// not a history: the newest signed head is all a check needs (every older head is inside it, as
/// the chain hashes each entry into the next), the writer only ever replaces a checkpoint with one
/// that descends from it, and the directory stays a handful of small files. A file is written
/// beside its final name and renamed over it (rename is atomic within a directory), so a reader or
/// a crash mid-write never leaves half a checkpoint.
/// </summary>
public sealed class CheckpointStore(IOptions<CheckpointOptions> options, CheckpointKeys keys)
{
    string Directory => options.Value.Directory;

    public IReadOnlyList<StoredCheckpoint> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return [.. System.IO.Directory.EnumerateFiles(Directory, "*" + CheckpointFormat.Extension).Order(StringComparer.Ordinal).Select(Read)];
    }

    StoredCheckpoint Read(string file)
    {
        var name = Path.GetFileName(file);
        SignedCheckpoint signed;
        try { signed = CheckpointFormat.Decode(File.ReadAllText(file)); }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            return new StoredCheckpoint(name, null, new CheckpointProblem(CheckpointCheck.Unreadable, "", 0, [], []));
        }
        var c = signed.Checkpoint;
        return keys.Verifies(signed)
            ? new StoredCheckpoint(name, c, null)
            : new StoredCheckpoint(name, null, new CheckpointProblem(CheckpointCheck.SignatureInvalid, c.LocalAuthority, c.Chain.Sequence, c.Chain.Hash, []));
    }

    /// <summary>Signs the checkpoint and puts it in place of its authority's last one.</summary>
    public async Task WriteAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, CheckpointFormat.FileName(checkpoint.LocalAuthority));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(CheckpointFormat.Encode(keys.Sign(checkpoint))), cancellationToken);
                // On disk before the name points at it: a crash leaves the old checkpoint or the new, never an empty file.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
