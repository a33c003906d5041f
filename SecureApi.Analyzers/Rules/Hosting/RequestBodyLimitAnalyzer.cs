using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Hosting;

/// <summary>
/// SAPI8005: request body limits removed (<c>[DisableRequestSizeLimit]</c>, <c>MaxRequestBodySize = null</c>) or set above
/// <c>secureapi.max_request_body_bytes</c> (<c>[RequestSizeLimit(n)]</c>, <c>[RequestFormLimits(MultipartBodyLengthLimit = n)]</c>,
/// <c>FormOptions.MultipartBodyLengthLimit</c>, <c>MaxRequestBodySize = n</c> of Kestrel, IIS, HTTP.sys and the request feature).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RequestBodyLimitAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property present on a <c>[DisableRequestSizeLimit]</c> attribute or creation, which the fixer replaces.</summary>
    public const string DisabledKey = "Disabled";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RequestBodyLimit);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var rule = new Rule(KnownTypes.For(start.Compilation));
            if (rule.HasAttributes)
            {
                // Attributes on methods, classes and lambdas alike; the name filter keeps binding to a few nodes.
                start.RegisterSyntaxNodeAction(rule.AnalyzeAttribute, SyntaxKind.Attribute);
                start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            }

            if (rule.HasLimitProperties)
            {
                start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
            }
        });
    }

    private sealed class Rule
    {
        private readonly INamedTypeSymbol? _disable;
        private readonly INamedTypeSymbol? _sizeLimit;
        private readonly INamedTypeSymbol? _formLimits;
        private readonly INamedTypeSymbol? _formOptions;
        private readonly INamedTypeSymbol? _kestrelLimits;
        private readonly INamedTypeSymbol? _bodySizeFeature;
        private readonly INamedTypeSymbol? _iisOptions;
        private readonly INamedTypeSymbol? _httpSysOptions;

        public Rule(KnownTypes types)
        {
            _disable = types.DisableRequestSizeLimitAttribute;
            _sizeLimit = types.RequestSizeLimitAttribute;
            _formLimits = types.RequestFormLimitsAttribute;
            _formOptions = types.FormOptions;
            _kestrelLimits = types.KestrelServerLimits;
            _bodySizeFeature = types.IHttpMaxRequestBodySizeFeature;
            _iisOptions = types.IISServerOptions;
            _httpSysOptions = types.HttpSysOptions;
        }

        public bool HasAttributes => _disable is not null || _sizeLimit is not null || _formLimits is not null;

        public bool HasLimitProperties => _formOptions is not null || _kestrelLimits is not null || _bodySizeFeature is not null
                                          || _iisOptions is not null || _httpSysOptions is not null;

        public void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
        {
            var attribute = (AttributeSyntax)context.Node;
            var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText
                : attribute.Name is SimpleNameSyntax simple ? simple.Identifier.ValueText
                : attribute.Name is AliasQualifiedNameSyntax alias ? alias.Name.Identifier.ValueText
                : string.Empty;
            if (name.IndexOf("RequestSizeLimit", StringComparison.Ordinal) < 0 && name.IndexOf("RequestFormLimits", StringComparison.Ordinal) < 0)
            {
                return;
            }

            if (context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { } type })
            {
                return;
            }

            if (type.Is(_disable))
            {
                Report(context.ReportDiagnostic, attribute.GetLocation(), "[DisableRequestSizeLimit] removes the request body limit", disabled: true);
                return;
            }

            var max = SecureApiOptions.MaxRequestBodyBytes.GetValue(context.Options, attribute.SyntaxTree, RuleIds.RequestBodyLimit);
            if (type.Is(_sizeLimit) && attribute.ArgumentList?.Arguments is { Count: 1 } arguments
                && AsLong(context.SemanticModel.GetConstantValue(arguments[0].Expression, context.CancellationToken)) is { } bytes
                && bytes > max)
            {
                Report(context.ReportDiagnostic, attribute.GetLocation(), $"[RequestSizeLimit({Bytes(bytes)})] allows bodies above {Bytes(max)}", disabled: false);
            }

            if (type.Is(_formLimits) && attribute.ArgumentList is { } list)
            {
                foreach (var argument in list.Arguments)
                {
                    if (argument.NameEquals?.Name.Identifier.ValueText == "MultipartBodyLengthLimit"
                        && AsLong(context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken)) is { } limit
                        && limit > max)
                    {
                        Report(context.ReportDiagnostic, argument.GetLocation(), $"[RequestFormLimits(MultipartBodyLengthLimit = {Bytes(limit)})] allows uploads above {Bytes(max)}", disabled: false);
                    }
                }
            }
        }

        /// <summary><c>new DisableRequestSizeLimitAttribute()</c> and <c>new RequestSizeLimitAttribute(n)</c> given as endpoint metadata.</summary>
        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var type = creation.Type;
            if (creation.Syntax is AttributeSyntax)
            {
                // Attributes in source are reported by AnalyzeAttribute, which also sees those on lambdas.
                return;
            }

            if (type.Is(_disable))
            {
                Report(context.ReportDiagnostic, creation.Syntax.GetLocation(), "DisableRequestSizeLimitAttribute removes the request body limit", disabled: true);
            }
            else if (type.Is(_sizeLimit) && creation.Arguments.Length == 1 && AsLong(creation.Arguments[0].Value.WalkDownConversions().ConstantValue) is { } bytes)
            {
                var max = SecureApiOptions.MaxRequestBodyBytes.GetValue(context.Options, creation.Syntax.SyntaxTree, RuleIds.RequestBodyLimit);
                if (bytes > max)
                {
                    Report(context.ReportDiagnostic, creation.Syntax.GetLocation(), $"RequestSizeLimitAttribute({Bytes(bytes)}) allows bodies above {Bytes(max)}", disabled: false);
                }
            }
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
            {
                return;
            }

            var type = property.ContainingType;
            var isBodySize = property.Name == "MaxRequestBodySize"
                             && (type.Is(_kestrelLimits) || type.Is(_bodySizeFeature) || type.Is(_iisOptions) || type.Is(_httpSysOptions));
            var isMultipart = property.Name == "MultipartBodyLengthLimit" && type.Is(_formOptions);
            if (!isBodySize && !isMultipart)
            {
                return;
            }

            var value = assignment.Value.WalkDownConversions();
            var max = SecureApiOptions.MaxRequestBodyBytes.GetValue(context.Options, assignment.Syntax.SyntaxTree, RuleIds.RequestBodyLimit);
            string what;
            if (isBodySize && value.ConstantValue is { HasValue: true, Value: null })
            {
                what = "MaxRequestBodySize = null removes the request body limit";
            }
            else if (AsLong(value.ConstantValue) is { } bytes && bytes > max)
            {
                what = $"{property.Name} = {Bytes(bytes)} allows bodies above {Bytes(max)}";
            }
            else
            {
                return;
            }

            Report(context.ReportDiagnostic, assignment.GetMemberNameLocation(), what, disabled: false);
        }

        private static void Report(Action<Diagnostic> report, Location location, string what, bool disabled) =>
            report(Diagnostic.Create(
                Descriptors.RequestBodyLimit,
                location,
                disabled ? ImmutableDictionary<string, string?>.Empty.Add(DisabledKey, "true") : ImmutableDictionary<string, string?>.Empty,
                what));

        private static long? AsLong(Optional<object?> constant) => constant is { HasValue: true, Value: { } value } ? value switch
        {
            int number => number,
            long number => number,
            uint number => number,
            _ => null,
        } : null;

        /// <summary>Bytes as a reader counts them: 104,857,600 bytes (100 MB).</summary>
        private static string Bytes(long bytes) =>
            bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
                ? string.Format(CultureInfo.InvariantCulture, "{0:N0} bytes ({1:N0} MB)", bytes, bytes / (1024 * 1024))
                : string.Format(CultureInfo.InvariantCulture, "{0:N0} bytes", bytes);
    }
}
