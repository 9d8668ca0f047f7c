import CGit2

extension LibGit2 {
    /// The `*.yaml`/`*.yml` blobs directly inside `directory` of the commit's tree, in
    /// name order — read from the object database, no checkout.
    static func readSpecFiles(commit: Handle, directory: String, repository: Repository, maxBytes: Int)
        throws(GitError) -> [GitFile]
    {
        let root = try Handle(git_tree_free) { (out: inout OpaquePointer?) throws(GitError) in
            try check(git_commit_tree(&out, commit.pointer), "git_commit_tree")
        }
        let trimmed = directory.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        let tree: Handle
        if trimmed.isEmpty {
            tree = root
        } else {
            let entry = try Handle(git_tree_entry_free) { (out: inout OpaquePointer?) throws(GitError) in
                let code = git_tree_entry_bypath(&out, root.pointer, trimmed)
                if code == GIT_ENOTFOUND.rawValue {
                    throw GitError(.pathNotFound, function: "git_tree_entry_bypath",
                                   "the commit has no directory '\(trimmed)'", hint: "check --path")
                }
                try check(code, "git_tree_entry_bypath")
            }
            guard git_tree_entry_type(entry.pointer) == GIT_OBJECT_TREE else {
                throw GitError(.pathNotFound, "'\(trimmed)' is a file in the commit, not a directory",
                               hint: "--path names the spec directory")
            }
            tree = try Handle(git_tree_free) { (out: inout OpaquePointer?) throws(GitError) in
                try check(git_tree_lookup(&out, repository.pointer, git_tree_entry_id(entry.pointer)),
                          "git_tree_lookup")
            }
        }
        var files: [GitFile] = []
        for index in 0..<git_tree_entrycount(tree.pointer) {
            // Entries from git_tree_entry_byindex belong to the tree: not freed here.
            guard let entry = git_tree_entry_byindex(tree.pointer, index),
                  git_tree_entry_type(entry) == GIT_OBJECT_BLOB,
                  let cName = git_tree_entry_name(entry)
            else { continue }
            let name = String(cString: cName)
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            let path = trimmed.isEmpty ? name : "\(trimmed)/\(name)"
            let blob = try Handle(git_blob_free) { (out: inout OpaquePointer?) throws(GitError) in
                try check(git_blob_lookup(&out, repository.pointer, git_tree_entry_id(entry)), "git_blob_lookup")
            }
            let size = Int(git_blob_rawsize(blob.pointer))
            guard size <= maxBytes else {
                throw GitError(.invalidSource, "\(path) is \(size) bytes, over the \(maxBytes)-byte limit for a spec file")
            }
            let bytes = git_blob_rawcontent(blob.pointer).map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            files.append(GitFile(path: path, bytes: bytes))
        }
        return files.sorted { $0.path < $1.path }
    }
}
