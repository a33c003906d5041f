using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// SAPI6003: PBKDF2 that is too cheap: <c>Rfc2898DeriveBytes</c> constructors without a hash (HMAC-SHA1, by default
/// 1,000 iterations), and <c>Rfc2898DeriveBytes.Pbkdf2</c>, <c>KeyDerivation.Pbkdf2</c>, the four-argument constructors
/// and <c>IterationCount</c> assignments whose constant iteration count is below the minimum for their hash.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakKeyDerivationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The iteration count the fix writes (the minimum for the hash it leaves in place).</summary>
    public const string MinimumProperty = "Minimum";

    /// <summary>The expression holding the iteration count, replaced by the fix (absent when there is none or it is not constant).</summary>
    public const string IterationsSpanProperty = "IterationsSpan";

    /// <summary>The SHA-1 hash expression the fix replaces by SHA-256.</summary>
    public const string HashSpanProperty = "HashSpan";

    /// <summary>Which SHA-256 the fix writes: <see cref="HashAlgorithmNameKind"/> or <see cref="KeyDerivationPrfKind"/>.</summary>
    public const string HashKindProperty = "HashKind";

    /// <summary>Present for constructors without a hash: the fix rewrites the creation (or its one GetBytes call).</summary>
    public const string ConstructorProperty = "Constructor";

    public const string HashAlgorithmNameKind = "HashAlgorithmName";
    public const string KeyDerivationPrfKind = "KeyDerivationPrf";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.WeakKeyDerivation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Rfc2898DeriveBytes is null && types.KeyDerivation is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly INamedTypeSymbol? _rfc2898;
        private readonly INamedTypeSymbol? _keyDerivation;
        private readonly Pbkdf2Parameters _parameters;

        public Rule(KnownTypes types)
        {
            _rfc2898 = types.Rfc2898DeriveBytes;
            _keyDerivation = types.KeyDerivation;
            _parameters = new Pbkdf2Parameters(types);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var method = call.TargetMethod;
            if (method.Name != "Pbkdf2" || !method.IsStatic)
            {
                return;
            }

            if (method.ContainingType.Is(_rfc2898))
            {
                // Rfc2898DeriveBytes.Pbkdf2(password, salt, [destination,] iterations, hashAlgorithm[, outputLength])
                AnalyzeExplicit(context, "Rfc2898DeriveBytes.Pbkdf2", Argument(call.Arguments, "iterations"), Argument(call.Arguments, "hashAlgorithm"), HashAlgorithmNameKind);
            }
            else if (method.ContainingType.Is(_keyDerivation))
            {
                // KeyDerivation.Pbkdf2(password, salt, prf, iterationCount, numBytesRequested)
                AnalyzeExplicit(context, "KeyDerivation.Pbkdf2", Argument(call.Arguments, "iterationCount"), Argument(call.Arguments, "prf"), KeyDerivationPrfKind);
            }
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { } constructor || !constructor.ContainingType.Is(_rfc2898))
            {
                return;
            }

            var iterations = Argument(creation.Arguments, "iterations");
            var hash = Argument(creation.Arguments, "hashAlgorithm");
            if (hash is not null)
            {
                AnalyzeExplicit(context, Form(constructor), iterations, hash, HashAlgorithmNameKind);
                return;
            }

            // No hash: HMAC-SHA1, and without iterations 1,000 of them.
            var minimums = Minimums(context);
            string problem;
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (iterations is null)
            {
                problem = "1,000 iterations of HMAC-SHA1 (the constructor's defaults)";
            }
            else if (Pbkdf2Parameters.ConstantCount(iterations) is { } count)
            {
                if (count >= minimums.ForSha1)
                {
                    return;
                }

                problem = $"{Number(count)} iterations of HMAC-SHA1 (the constructor's default hash), below the minimum of {Number(minimums.ForSha1)}";
                properties[IterationsSpanProperty] = SpanProperty.Encode(iterations.Syntax.Span);
            }
            else
            {
                problem = $"HMAC-SHA1 (the constructor's default hash), which needs at least {Number(minimums.ForSha1)} iterations";
            }

            properties[ConstructorProperty] = "true";
            properties[MinimumProperty] = minimums.ForSha256.ToString(CultureInfo.InvariantCulture);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.WeakKeyDerivation, CreationLocation(creation), properties.ToImmutable(), Form(constructor), problem));
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            // kdf.IterationCount = 10_000
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: var property } target
                || !property.IsMember(_rfc2898, "IterationCount")
                || Pbkdf2Parameters.ConstantCount(assignment.Value) is not { } count)
            {
                return;
            }

            var hash = CreationOf(target) is { } creation
                ? Argument(creation.Arguments, "hashAlgorithm") is { } hashArgument ? _parameters.HashName(hashArgument) : Pbkdf2Minimums.Sha1
                : null;
            Report(context, "Rfc2898DeriveBytes.IterationCount", count, assignment.Value, hash, hashValue: null, HashAlgorithmNameKind, assignment.GetMemberNameLocation());
        }

        private void AnalyzeExplicit(OperationAnalysisContext context, string form, IOperation? iterations, IOperation? hashValue, string hashKind)
        {
            if (iterations is null || Pbkdf2Parameters.ConstantCount(iterations) is not { } count)
            {
                return;
            }

            var hash = hashValue is null ? null : _parameters.HashName(hashValue);
            Report(context, form, count, iterations, hash, hashValue, hashKind, iterations.Syntax.GetLocation());
        }

        private static void Report(OperationAnalysisContext context, string form, int count, IOperation iterations, string? hash, IOperation? hashValue, string hashKind, Location location)
        {
            var minimums = Minimums(context);
            var known = Pbkdf2Minimums.IsKnown(hash);
            var minimum = minimums.For(known ? hash : null);
            if (count >= minimum)
            {
                return;
            }

            var problem = known
                ? $"{Number(count)} iterations of {Pbkdf2Minimums.Display(hash!)}, below the minimum of {Number(minimum)}"
                : $"{Number(count)} iterations, below the minimum of {Number(minimum)} for any hash";

            // The fix: the minimum for the hash, and SHA-256 (with its minimum) instead of SHA-1. An unknown hash gets
            // the SHA-256 minimum, enough for every hash but SHA-1.
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[IterationsSpanProperty] = SpanProperty.Encode(iterations.Syntax.Span);
            var fixedMinimum = known ? minimum : minimums.ForSha256;
            if (hash == Pbkdf2Minimums.Sha1 && hashValue is not null)
            {
                properties[HashSpanProperty] = SpanProperty.Encode(hashValue.Syntax.Span);
                properties[HashKindProperty] = hashKind;
                fixedMinimum = minimums.ForSha256;
            }

            properties[MinimumProperty] = fixedMinimum.ToString(CultureInfo.InvariantCulture);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.WeakKeyDerivation, location, properties.ToImmutable(), form, problem));
        }

        /// <summary>The <c>new Rfc2898DeriveBytes(...)</c> an <c>IterationCount</c> is set on: a local assigned once, or an object initializer.</summary>
        private IObjectCreationOperation? CreationOf(IPropertyReferenceOperation target)
        {
            var created = target.Instance switch
            {
                IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } => target.FindInitializedObject(),
                ILocalReferenceOperation local => LocalValues.FindSingleValue(local.Local, target.GetRoot())?.WalkDownConversions(),
                _ => null,
            };
            return created is IObjectCreationOperation creation && creation.Constructor?.ContainingType.Is(_rfc2898) == true ? creation : null;
        }

        private static Pbkdf2Minimums Minimums(OperationAnalysisContext context) =>
            Pbkdf2Minimums.From(SecureApiOptions.MinPbkdf2Iterations.GetValue(context.Options, context.Operation.Syntax.SyntaxTree, RuleIds.WeakKeyDerivation));

        private static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameter) =>
            arguments.FirstOrDefault(a => a.Parameter?.Name == parameter && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value;

        /// <summary>"new Rfc2898DeriveBytes(password, salt)": the overload, by its parameter names.</summary>
        private static string Form(IMethodSymbol constructor) =>
            "new Rfc2898DeriveBytes(" + string.Join(", ", constructor.Parameters.Select(p => p.Name)) + ")";

        private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary><c>new Rfc2898DeriveBytes(password, salt)</c> when it fits on one line, else <c>new Rfc2898DeriveBytes</c>.</summary>
        private static Location CreationLocation(IObjectCreationOperation creation)
        {
            var syntax = creation.Syntax;
            var (end, shortEnd) = syntax switch
            {
                ObjectCreationExpressionSyntax explicitType => (explicitType.ArgumentList?.Span.End ?? explicitType.Type.Span.End, explicitType.Type.Span.End),
                ImplicitObjectCreationExpressionSyntax implicitType => (implicitType.ArgumentList.Span.End, implicitType.NewKeyword.Span.End),
                _ => (syntax.Span.End, syntax.Span.End),
            };
            return SingleLineLocation.FirstOnOneLine(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end), TextSpan.FromBounds(syntax.SpanStart, shortEnd));
        }
    }
}
