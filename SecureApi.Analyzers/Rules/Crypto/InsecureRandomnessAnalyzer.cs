using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// SAPI6005: the output of <c>System.Random</c> (<c>Next</c>, <c>NextInt64</c>, <c>NextDouble</c>, <c>NextSingle</c>,
/// <c>NextBytes</c>, <c>GetItems</c>, <c>Shuffle</c>, on any <c>Random</c> instance) that flows, within the method,
/// into something named like a secret: a local, field, property or parameter (<c>verificationCode</c>, <c>apiKey</c>),
/// or the return value of a method or property so named (<c>GenerateResetToken</c>). Jitter, sampling, shuffling and
/// games are left alone by their names and types. One diagnostic per call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureRandomnessAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> ProducingMethods = ImmutableHashSet.Create(
        "Next", "NextInt64", "NextDouble", "NextSingle", "NextBytes", "GetItems", "Shuffle");

    /// <summary>Values of these types never hold a secret: the flow stops there (jitter becomes a TimeSpan, a delay a Task).</summary>
    private static readonly string[] PlainTypeNames =
    {
        "System.TimeSpan", "System.DateTime", "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.Random",
        "System.Threading.Tasks.Task", "System.Threading.Tasks.ValueTask", "System.Threading.CancellationToken",
        "System.Threading.CancellationTokenSource",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InsecureRandomness);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Random is not { } random)
            {
                return;
            }

            var plainTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in PlainTypeNames)
            {
                if (types.Get(name) is { } type)
                {
                    plainTypes.Add(type);
                }
            }

            start.RegisterOperationAction(context => Analyze(context, random, plainTypes), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol random, ISet<ITypeSymbol> plainTypes)
    {
        var call = (IInvocationOperation)context.Operation;

        // Exactly System.Random: a class derived from it may well wrap RandomNumberGenerator.
        if (!ProducingMethods.Contains(call.TargetMethod.Name)
            || !call.TargetMethod.ContainingType.Is(random)
            || call.Instance is not { } instance
            || !instance.Type.Is(random))
        {
            return;
        }

        if (RandomFlow.FindSecret(call, context.ContainingSymbol, plainTypes) is { } secret)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InsecureRandomness, Location(call), secret));
        }
    }

    /// <summary><c>Next(Alphabet.Length)</c>; just <c>Next</c> when the arguments run over several lines.</summary>
    private static Location Location(IInvocationOperation call)
    {
        var location = call.GetMemberNameLocation();
        return call.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? SingleLineLocation.FirstOnOneLine(call.Syntax.SyntaxTree, location.SourceSpan, access.Name.Span)
            : location;
    }
}
