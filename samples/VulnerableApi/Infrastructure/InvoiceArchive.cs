using System.Diagnostics;

namespace VulnerableApi.Infrastructure;

/// <summary>Packs an order's invoices into a tarball for the accounting export.</summary>
public static class InvoiceArchive
{
    public static async Task<int> PackAsync(string orderId, string folder, CancellationToken ct)
    {
        var tar = new ProcessStartInfo("tar")
        {
            Arguments = "-c -z -f " + orderId + ".tar.gz -C " + folder + " .",
            UseShellExecute = false,
        };
        using var process = Process.Start(tar)!;
        await process.WaitForExitAsync(ct);
        return process.ExitCode;
    }
}
