using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Exceptions;

/// <summary>SAPI5002: <c>UseDeveloperExceptionPage()</c> or <c>UseDatabaseErrorPage()</c> outside an <c>IsDevelopment()</c> check.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeveloperExceptionPageAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnguardedDeveloperExceptionPage);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var developerPage = types.DeveloperExceptionPageExtensions;
            var databasePage = types.DatabaseErrorPageExtensions;
            if (developerPage is null && databasePage is null)
            {
                return;
            }

            start.RegisterOperationAction(
                context =>
                {
                    var call = (IInvocationOperation)context.Operation;
                    var method = call.TargetMethod;
                    if (!(method.Name == "UseDeveloperExceptionPage" && method.ContainingType.Is(developerPage)
                          || method.Name == "UseDatabaseErrorPage" && method.ContainingType.Is(databasePage))
                        || EnvironmentChecks.IsDevelopmentOnly(call, types))
                    {
                        return;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnguardedDeveloperExceptionPage, call.GetMemberNameLocation(), method.Name));
                },
                OperationKind.Invocation);
        });
    }
}
