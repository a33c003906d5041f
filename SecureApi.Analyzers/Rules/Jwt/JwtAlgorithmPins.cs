using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// App-wide fact for SAPI1001: which JwtBearer schemes get <c>ValidAlgorithms</c> somewhere in the compilation
/// (an <c>AddJwtBearer</c> lambda, <c>Configure/PostConfigure[All]&lt;JwtBearerOptions&gt;</c>, an options class,
/// through a local), and which helper methods return parameters that their callers pin. Only the trees that
/// mention <c>ValidAlgorithms</c> are bound.
/// </summary>
internal sealed class JwtAlgorithmPins
{
    private readonly HashSet<string> _named = new(System.StringComparer.Ordinal);
    private readonly HashSet<IMethodSymbol> _pinnedByCallers = new(SymbolEqualityComparer.Default);
    private bool _all;
    private bool _unknown;

    private JwtAlgorithmPins()
    {
    }

    /// <summary>Is ValidAlgorithms set for these schemes somewhere? Unknown names count as pinned when anything could pin them.</summary>
    public bool IsPinned(SchemeSet schemes)
    {
        if (_all)
        {
            return true;
        }

        if (schemes.IsAll)
        {
            return false;
        }

        return schemes.Name is null ? _unknown || _named.Count > 0 : _unknown || _named.Contains(schemes.Name);
    }

    /// <summary>Callers of this method set ValidAlgorithms on the parameters it returns.</summary>
    public bool IsPinnedByCallers(IMethodSymbol method) => _pinnedByCallers.Contains(method.OriginalDefinition);

    public static JwtAlgorithmPins Compute(Compilation compilation, TokenValidationParametersCode parameters, JwtBearerOptionsCode options, CancellationToken cancellationToken)
    {
        var pins = new JwtAlgorithmPins();
        foreach (var model in CompilationFacts.ModelsOfTreesMentioning(compilation, "ValidAlgorithms", cancellationToken))
        {
            foreach (var name in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (name is IdentifierNameSyntax { Identifier.ValueText: "ValidAlgorithms" }
                    && name.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } syntax
                    && syntax.Left.Span.Contains(name.Span)
                    && model.GetOperation(syntax, cancellationToken) is { } assignment
                    && parameters.IsValidAlgorithmsAssignment(assignment, out var instance))
                {
                    pins.Record(instance, assignment, parameters, options);
                }
            }
        }

        return pins;
    }

    private void Record(IOperation instance, IOperation site, TokenValidationParametersCode parameters, JwtBearerOptionsCode options)
    {
        var root = site.GetRoot();
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            // new TokenValidationParameters { ValidAlgorithms = ... } stored into options or a local.
            instance = site.FindInitializedObject() ?? instance;
            var parent = instance.WalkUpConversions().Parent;

            if (parent is ISimpleAssignmentOperation assigned && parameters.IsOptionsParameters(assigned.Target, out var owner) && owner is not null)
            {
                AddSchemes(owner, assigned, options);
            }
            else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                RecordLocal(declarator.Symbol, root, parameters, options);
            }

            return;
        }

        if (parameters.IsOptionsParameters(instance, out var optionsSymbol) && optionsSymbol is not null)
        {
            AddSchemes(optionsSymbol, site, options);
        }
        else if (instance is ILocalReferenceOperation local)
        {
            if (LocalValues.FindSingleValue(local.Local, root)?.WalkDownConversions() is IInvocationOperation call
                && call.SemanticModel is { } model && call.TargetMethod.IsDeclaredIn(model.Compilation))
            {
                _pinnedByCallers.Add(call.TargetMethod.OriginalDefinition);
            }

            RecordLocal(local.Local, root, parameters, options);
        }
    }

    private void RecordLocal(ILocalSymbol local, IOperation root, TokenValidationParametersCode parameters, JwtBearerOptionsCode options)
    {
        foreach (var (owner, assignment) in parameters.OptionsAssignedFrom(local, root))
        {
            AddSchemes(owner, assignment, options);
        }
    }

    private void AddSchemes(ISymbol owner, IOperation site, JwtBearerOptionsCode options)
    {
        if (owner is not IParameterSymbol parameter || !options.TryGetSchemes(parameter, site, out var schemes))
        {
            return;
        }

        if (schemes.IsAll)
        {
            _all = true;
        }
        else if (schemes.Name is null)
        {
            _unknown = true;
        }
        else
        {
            _named.Add(schemes.Name);
        }
    }
}
