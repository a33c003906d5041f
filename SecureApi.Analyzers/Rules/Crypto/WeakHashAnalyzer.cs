using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// SAPI6001: MD5, SHA-1 and HMAC-MD5 in every form (<see cref="WeakHashForms"/>).
/// SAPI6002: a password hashed with a fast hash (<see cref="PasswordSinks"/>, <see cref="PasswordValues"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakHashAnalyzer : DiagnosticAnalyzer
{
    /// <summary>SAPI6001 property: the edit that makes the hash SHA-256 (absent when SHA-256 would break or hide something).</summary>
    public const string EditProperty = "Edit";

    /// <summary>SAPI6001 property: "start,length" of the node the edit rewrites.</summary>
    public const string EditSpanProperty = "EditSpan";

    /// <summary>
    /// SAPI6001 property: "start,length" of the expression whose value changes with the fix (the one-shot call, the
    /// created hash object, the algorithm name), followed by the fix to see whether anything relies on the old output.
    /// </summary>
    public const string OutputSpanProperty = "OutputSpan";

    /// <summary>SAPI6001 property: SHA256 or HMACSHA256.</summary>
    public const string ReplacementProperty = "Replacement";

    /// <summary>Replace the simple name at the span (<c>MD5</c> in <c>MD5.HashData</c>, <c>HMACMD5</c>, <c>SHA1</c> in <c>HashAlgorithmName.SHA1</c>) by the replacement.</summary>
    public const string RenameEdit = "Rename";

    /// <summary><c>MD5.Create(...)</c> at the span becomes <c>SHA256.Create()</c> (qualification kept).</summary>
    public const string RecreateEdit = "Recreate";

    /// <summary><c>new SHA1Managed()</c> at the span becomes <c>SHA256.Create()</c> (qualification kept).</summary>
    public const string CreateEdit = "Create";

    /// <summary>The string literal at the span becomes the replacement.</summary>
    public const string LiteralEdit = "Literal";

    /// <summary><c>new HashAlgorithmName("SHA1")</c> at the span becomes <c>HashAlgorithmName.SHA256</c>.</summary>
    public const string NameEdit = "Name";

    /// <summary>SAPI6002 property: "start,length" of the <c>Convert.ToBase64String(...)</c>-like call that turns the hash into a string.</summary>
    public const string ConversionSpanProperty = "ConversionSpan";

    /// <summary>SAPI6002 property: "start,length" of the string expression holding the password.</summary>
    public const string PasswordSpanProperty = "PasswordSpan";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.WeakHashAlgorithm, Descriptors.PasswordWithFastHash);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var known = KnownTypes.For(start.Compilation);
            if (known.HashAlgorithm is null)
            {
                return;
            }

            var types = new WeakHashTypes(known);
            start.RegisterOperationAction(
                context =>
                {
                    var call = (IInvocationOperation)context.Operation;
                    Report(context, PasswordSinks.Find(call, types), WeakHashForms.Of(call, types), types);
                },
                OperationKind.Invocation);
            start.RegisterOperationAction(
                context =>
                {
                    var creation = (IObjectCreationOperation)context.Operation;
                    Report(context, PasswordSinks.Find(creation, types), WeakHashForms.Of(creation, types), types);
                },
                OperationKind.ObjectCreation);
            start.RegisterOperationAction(
                context => Report(context, null, WeakHashForms.Of((IPropertyReferenceOperation)context.Operation, types), types),
                OperationKind.PropertyReference);
            start.RegisterOperationAction(
                context => Report(context, PasswordSinks.Find((ISimpleAssignmentOperation)context.Operation, types), null, types),
                OperationKind.SimpleAssignment);
        });
    }

    /// <summary>SAPI6002 for a password hashed here; SAPI6001 for a weak algorithm, with its fix unless the call hashes that password.</summary>
    private static void Report(OperationAnalysisContext context, PasswordHash? password, WeakHashUse? use, WeakHashTypes types)
    {
        if (password is not null)
        {
            Report(context, password, types);
        }

        if (use is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (use.Edit is not null && use.EditNode is not null && !WeakHashFixBlockers.Blocks(use, password, types))
        {
            properties = properties
                .Add(EditProperty, use.Edit)
                .Add(EditSpanProperty, SpanProperty.Encode(use.EditNode.Span))
                .Add(OutputSpanProperty, SpanProperty.Encode(use.Operation.Syntax.Span))
                .Add(ReplacementProperty, use.Replacement);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.WeakHashAlgorithm, use.Location, properties, use.Form, use.Algorithm));
    }

    private static void Report(OperationAnalysisContext context, PasswordHash hash, WeakHashTypes types)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (!hash.IsKey && PasswordHashFix.Find(hash, types) is { } fix)
        {
            properties = properties
                .Add(ConversionSpanProperty, SpanProperty.Encode(fix.Conversion.Span))
                .Add(PasswordSpanProperty, SpanProperty.Encode(fix.Password.Span));
        }

        var name = "'" + hash.Password.Syntax.ToString().Trim() + "'";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PasswordWithFastHash, WeakHashForms.Callee(hash.Sink), properties, name, hash.Algorithm));
    }
}
