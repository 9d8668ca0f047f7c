// The `gantry` executable: all logic lives in GantryCommands.
import GantryCommands

await Gantry.main()
