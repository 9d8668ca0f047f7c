import GantryBasics

/// Renders a plan as the human text `gantry plan` prints: drift first, then each change
/// with its attribute diff, then the summary line.
///
/// A pure function of the plan; colour (ANSI) only when asked for, so output piped to a
/// file or CI log stays plain.
public struct PlanTextRenderer: Sendable {
    /// Colour markers and headers with ANSI escapes.
    public var color: Bool
    /// Show attributes that did not change in an update (hidden by default, counted).
    public var showUnchanged: Bool

    public init(color: Bool = false, showUnchanged: Bool = false) {
        self.color = color
        self.showUnchanged = showUnchanged
    }

    /// The whole plan as text, ending with a newline.
    public func render(_ plan: Plan) -> String {
        var out = ""
        if !plan.drift.isEmpty {
            out += bold("Note: Objects have changed outside of Gantry") + "\n\n"
            for entry in plan.drift { out += renderDrift(entry) + "\n" }
        }
        let actionable = plan.actionableChanges
        if actionable.isEmpty {
            out += bold("No changes.") + " Your infrastructure matches the configuration.\n"
            return out
        }
        out += "Gantry will perform the following actions:\n\n"
        for change in actionable { out += renderChange(change) + "\n" }
        out += renderFleet(plan.fleet)
        out += summaryLine(plan.summary) + "\n"
        return out
    }

    /// `Plan: 3 to add, 1 to change, 0 to destroy.` or the no-changes sentence.
    public func summaryLine(_ summary: Plan.Summary) -> String {
        if summary.isEmpty { return "No changes. Your infrastructure matches the configuration." }
        return bold("Plan:") + " \(summary.add) to add, \(summary.change) to change, \(summary.destroy) to destroy."
    }

    /// One change: the header comment, the marker line and the attribute diff.
    public func renderChange(_ change: ResourceChange) -> String {
        var lines: [String] = []
        let verb: String
        switch change.action {
        case .create: verb = "will be created"
        case .update: verb = "will be updated in place"
        case .delete: verb = "will be destroyed"
        case .deleteThenCreate: verb = "must be replaced"
        case .createThenDelete: verb = "must be replaced (new one created first)"
        case .noOp: verb = "will be adopted (found in the cloud after an interrupted create)"
        }
        lines.append("  " + bold("# \(change.address) \(verb)"))
        if change.action.isReplace && !change.replaceReasons.isEmpty {
            let list = change.replaceReasons.map { "'\($0)'" }.joined(separator: ", ")
            lines.append("  # (because \(list) cannot be changed in place)")
        }
        if let id = change.adoptedID { lines.append("  # (adopting existing id \(ValueText.quoted(id)))") }
        if let instances = GPUInstances(change) { lines.append("  # GPU instances: \(instances.summary)") }
        if let rollout = RolloutPlan.make(for: change) { lines += rollout.descriptionLines.map { "  # " + $0 } }
        let marker = change.action.marker
        let pad = String(repeating: " ", count: max(0, 3 - marker.count))
        lines.append(pad + colored(marker, change.action) + " resource \"\(change.type)\" \"\(change.name)\" {")
        lines.append(contentsOf: attributeLines(change))
        lines.append("    }")
        return lines.joined(separator: "\n") + "\n"
    }

    private func attributeLines(_ change: ResourceChange) -> [String] {
        let before = change.before ?? [:], after = change.after ?? [:]
        var names = Set(before.keys)
        names.formUnion(after.keys)
        let sorted = names.sorted()
        let width = sorted.map(\.count).max() ?? 0
        var lines: [String] = []
        var hidden = 0
        let forcing = Set(change.replaceReasons)
        for name in sorted {
            let sensitive = change.sensitive.contains(name)
            let old = before[name], new = after[name]
            // Padded natively: Foundation's `padding(toLength:)` bridged each name through NSString.
            let key = name + String(repeating: " ", count: width - name.count)
            switch change.action {
            case .create:
                lines.append("      " + colored("+", .create) + " \(key) = " + ValueText.render(new, sensitive: sensitive))
            case .delete:
                lines.append("      " + colored("-", .delete) + " \(key) = " + ValueText.render(old, sensitive: sensitive)
                             + " -> null")
            default:
                if old == new {
                    if showUnchanged { lines.append("        \(key) = " + ValueText.render(old, sensitive: sensitive)) }
                    else { hidden += 1 }
                    continue
                }
                let reason = forcing.contains(name) ? " # forces replacement" : ""
                if old == nil {
                    lines.append("      " + colored("+", .create) + " \(key) = "
                                 + ValueText.render(new, sensitive: sensitive) + reason)
                } else if new == nil {
                    lines.append("      " + colored("-", .delete) + " \(key) = "
                                 + ValueText.render(old, sensitive: sensitive) + " -> null" + reason)
                } else {
                    lines.append("      " + colored("~", .update) + " \(key) = "
                                 + ValueText.render(old, sensitive: sensitive) + " -> "
                                 + ValueText.render(new, sensitive: sensitive) + reason)
                }
            }
        }
        if hidden > 0 {
            lines.append("        # (\(hidden) unchanged attribute\(hidden == 1 ? "" : "s") hidden)")
        }
        return lines
    }

    /// One drift entry: `# x has been deleted` or the attributes changed outside Gantry.
    public func renderDrift(_ entry: DriftEntry) -> String {
        switch entry.kind {
        case .deleted:
            return "  # \(entry.address) has been deleted outside Gantry\n"
        case .changed:
            var lines = ["  # \(entry.address) has changed outside Gantry"]
            for attribute in entry.attributeChanges {
                lines.append("      ~ \(attribute.name) = "
                             + ValueText.render(attribute.before, sensitive: attribute.sensitive) + " -> "
                             + ValueText.render(attribute.after, sensitive: attribute.sensitive))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    private func colored(_ text: String, _ action: ChangeAction) -> String {
        guard color else { return text }
        let code: String
        switch action {
        case .create: code = "32"
        case .update: code = "33"
        case .delete: code = "31"
        case .deleteThenCreate, .createThenDelete: code = "35"
        case .noOp: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}
