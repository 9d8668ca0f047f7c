import GantryBasics
import GantryState

/// The recorded resources a plan starts from (refreshed, plus adopted creates), by address.
///
/// Kept as the list they came in with their positions by address, not as a dictionary of
/// records: filling a dictionary copied each record (ten fields), and so did each lookup;
/// here the list is shared with the refresh result and lookups read fields in place.
struct CurrentResources {
    private(set) var records: [ResourceState]
    private var positions: [ResourceAddress: Int] = [:]

    /// `records` by address; where an address repeats, the last record wins.
    init(_ records: [ResourceState] = []) {
        self.records = records
        positions.reserveCapacity(records.count)
        for position in records.indices { positions[records[position].address] = position }
    }

    /// Records `record` at its address, replacing what was recorded there.
    mutating func set(_ record: ResourceState) {
        if let position = positions[record.address] {
            records[position] = record
        } else {
            positions[record.address] = records.count
            records.append(record)
        }
    }

    /// The position in `records` of the record at `address`.
    func position(of address: ResourceAddress) -> Int? { positions[address] }

    /// The record at `address`, copied out.
    subscript(address: ResourceAddress) -> ResourceState? { positions[address].map { records[$0] } }

    /// The recorded attributes at `address`, without copying the rest of the record.
    func attributes(at address: ResourceAddress) -> [String: Value]? {
        positions[address].map { records[$0].attributes }
    }
}
