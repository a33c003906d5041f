using System;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Credentials published on purpose, which protect nothing (SAPI7001, SAPI7003): the Azurite / Storage Emulator
/// development account (<c>devstoreaccount1</c>) and its documented key, found in every local-development
/// connection string.
/// </summary>
internal static class PublicCredentials
{
    private const string AzuriteAccount = "devstoreaccount1";

    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Does the value use the Azurite development account or key?</summary>
    public static bool IsPublic(string? value) =>
        value is not null
        && (value.IndexOf(AzuriteAccount, StringComparison.OrdinalIgnoreCase) >= 0 || value.IndexOf(AzuriteKey, StringComparison.Ordinal) >= 0);
}
