import Yams

extension ScenarioNode {
    /// The document as YAML text (Yams' emitter), keys in their original order.
    public func yamlText() -> String {
        (try? Yams.serialize(node: yamsNode(), width: 120)) ?? ""
    }

    func yamsNode() -> Node {
        switch self {
        case .scalar(let s, _, let quoted):
            return .scalar(Node.Scalar(s, .implicit, quoted ? .doubleQuoted : .plain))
        case .sequence(let items, _):
            let flow = items.allSatisfy { if case .scalar = $0 { return true } else { return false } }
            return .sequence(Node.Sequence(items.map { $0.yamsNode() }, .implicit, flow ? .flow : .block))
        case .mapping(let entries, _):
            return .mapping(Node.Mapping(entries.map { (Node.scalar(Node.Scalar($0.key)), $0.value.yamsNode()) }))
        }
    }
}
