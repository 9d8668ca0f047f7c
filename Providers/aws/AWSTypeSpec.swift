import GantryProviderKit

/// What Gantry knows about one AWS resource type: its Terraform name and which attributes the
/// cloud computes or a change replaces.
struct AWSTypeSpec: Sendable {
    let name: String
    let forceNew: Set<String>
    let computed: Set<String>
    /// Computed attributes an in-place update changes (unknown in such a plan).
    let recomputedOnUpdate: Set<String>
    let createBeforeDestroy: Bool
    /// Whether the type lives in one region (all but IAM ones).
    let regional: Bool
    /// Whether it carries `tags` (Gantry's own tags ride along on every taggable type).
    let taggable: Bool

    init(_ name: String, forceNew: Set<String>, computed: Set<String> = ["id", "arn"],
         recomputedOnUpdate: Set<String> = [], createBeforeDestroy: Bool = false, regional: Bool = true,
         taggable: Bool = true) {
        self.taggable = taggable
        self.name = name
        self.forceNew = forceNew.union(regional ? ["region"] : [])
        self.computed = computed
        self.recomputedOnUpdate = recomputedOnUpdate
        self.createBeforeDestroy = createBeforeDestroy
        self.regional = regional
    }

    var schema: ResourceTypeSchema {
        ResourceTypeSchema(name: name, forceNew: forceNew, computed: computed, createBeforeDestroy: createBeforeDestroy)
    }
}
