import Foundation
import PackagePlugin

/// Compiles the shipped rule sets (`RuleSets/*.json` of the target) into the target as a generated
/// Swift source, so that the binary reads no resource bundle at run time and runs from any folder.
@main
struct EmbedRuleSets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let folder = target.directoryURL.appendingPathComponent("RuleSets")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        let inputs = names.map { folder.appendingPathComponent($0) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedRuleSets.swift")
        return [
            .buildCommand(
                displayName: "Embedding the shipped rule sets",
                executable: try context.tool(named: "embed-rule-sets").url,
                arguments: [output.path]
                    + zip(names, inputs).map { "\(String($0.0.dropLast(5)))=\($0.1.path)" },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
