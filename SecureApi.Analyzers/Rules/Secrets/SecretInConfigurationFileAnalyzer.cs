using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// SAPI7003: a secret written in an <c>appsettings*.json</c> file (an AdditionalFile, added by the package): the value
/// of a key named like a secret, a connection string with a password, or a value in a well-known credential format.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretInConfigurationFileAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SecretInConfigurationFile);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

        // No compilation types are needed: the files are read as they are.
        context.RegisterAdditionalFileAction(static context =>
        {
            var file = context.AdditionalFile;
            var fileName = FileName(file.Path);
            if (!IsAppSettings(fileName) || file.GetText(context.CancellationToken) is not { } text)
            {
                return;
            }

            foreach (var value in JsonConfigurationReader.ReadStrings(text.ToString(), context.CancellationToken))
            {
                if (!IsSecret(value))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(SecretProperties.ConfigurationKey, value.Path)
                    .Add(SecretProperties.SecretName, value.Name);
                var location = Location.Create(file.Path, value.Span, text.Lines.GetLinePositionSpan(value.Span));
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SecretInConfigurationFile, location, properties, value.Path, fileName));
            }
        });
    }

    /// <summary>The same tests as SAPI7001, in the same order: the value's format, a connection-string password, then its name.</summary>
    private static bool IsSecret(JsonStringValue value) =>
        CredentialFormats.Match(value.Value) is not null
        || ConnectionStrings.HasPassword(value.Value)
        || CredentialValues.IsSecretValue(ConfigurationSecretNames.NameOf(value), value.Value);

    /// <summary><c>appsettings.json</c>, <c>appsettings.Production.json</c>, in any case.</summary>
    private static bool IsAppSettings(string fileName) =>
        fileName.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
        && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Path.GetFileName throws on some paths on .NET Framework (the IDE's host); this never does.</summary>
    private static string FileName(string? path)
    {
        if (path is null)
        {
            return string.Empty;
        }

        var separator = path.LastIndexOfAny(new[] { '/', '\\' });
        return path.Substring(separator + 1);
    }
}
