import GantryBasics
import GantryProviderKit
import Testing

/// The mounts a pool's nodes make: which stores, which entries, which boot-script lines.
@Suite struct StorageMountsTests {
    static func storage(_ name: String, _ attributes: [String: Value], region: String = "us-east-1") -> IntentItem {
        IntentItem(address: ResourceAddress("storage.\(name)"), kind: "storage", name: name, region: region, provider: "x",
                   attributes: attributes)
    }

    static let scratch = storage("scratch", ["tier": "hot", "attach": ["train"]])
    static let ckpt = storage("ckpt", ["filesystem": "nfs", "attach": ["train", "serve"]])
    static let archive = storage("archive", ["tier": "cold", "attach": ["train"]])
    static let elsewhere = storage("west", ["filesystem": "nfs", "attach": ["train"]], region: "us-west-2")

    @Test func tiersDefaultToTheirFilesystem() {
        #expect(StorageMounts.filesystemKind(Self.scratch) == "lustre")
        #expect(StorageMounts.filesystemKind(Self.ckpt) == "nfs")
        #expect(StorageMounts.filesystemKind(Self.archive) == "object")
    }

    @Test func entriesReferToTheFileSystemsOfTheStoresInThePoolsRegion() {
        let attached = StorageMounts.byPool([Self.scratch, Self.ckpt, Self.archive, Self.elsewhere])
        #expect(attached["serve"]?.map(\.name) == ["ckpt"])
        let entries = StorageMounts.entries(attached["train"] ?? [], region: "us-east-1", regionOf: { $0.region ?? "" },
                                            resourceTypes: ["lustre": "x_lustre", "nfs": "x_nfs"])
        #expect(entries.map { $0["name"] } == ["scratch", "ckpt"], "object stores and other regions are not mounted")
        #expect(entries.first?["mount_name"] == .reference(Value.Reference(address: "storage.scratch.x_lustre.main",
                                                                            attribute: "mount_name")))
        #expect(entries.last?["dns_name"] == .reference(Value.Reference(address: "storage.ckpt.x_nfs.main", attribute: "dns_name")))
        #expect(entries.last?["path"] == "/mnt/ckpt")
    }

    @Test func shellLinesMountLustreAndNFSAtBoot() {
        let lines = StorageMounts.shellLines([
            ["type": "lustre", "dns_name": "fs-1.fsx.us-east-1.amazonaws.com", "mount_name": "abcd", "path": "/mnt/scratch"],
            ["type": "nfs", "dns_name": "fs-2.efs.us-east-1.amazonaws.com", "path": "/mnt/it's"],
        ])
        #expect(lines.contains("mkdir -p '/mnt/scratch'"))
        #expect(lines.contains { $0.contains("fs-1.fsx.us-east-1.amazonaws.com@tcp:/abcd /mnt/scratch lustre") })
        #expect(lines.contains { $0.contains("fs-2.efs.us-east-1.amazonaws.com:/ /mnt/it'\\''s nfs4 nfsvers=4.1") },
                "a quote in a path stays inside its shell word")
        #expect(lines.last == "mount -a -t lustre,nfs4")
        #expect(StorageMounts.shellLines([]).isEmpty)
    }
}
