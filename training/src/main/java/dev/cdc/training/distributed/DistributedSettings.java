package dev.cdc.training.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process sits in a data-parallel job, read from torchrun's environment
 * conventions: {@code MASTER_ADDR}, {@code MASTER_PORT}, {@code RANK}, {@code WORLD_SIZE},
 * {@code LOCAL_RANK}. Slurm users map {@code SLURM_PROCID} and friends to these (see docs/distributed.md).
 *
 * @param masterAddress host of rank 0, which holds the rendezvous store
 * @param masterPort    port of the rendezvous store on rank 0
 * @param rank          this process, 0 .. worldSize - 1
 * @param worldSize     processes in the job
 * @param localRank     this process among those on its machine (picks its GPU with NCCL)
 */
public record DistributedSettings(String masterAddress, int masterPort, int rank, int worldSize, int localRank) {
    private static final List<String> VARIABLES = List.of("MASTER_ADDR", "MASTER_PORT", "RANK", "WORLD_SIZE");

    public DistributedSettings {
        if (worldSize < 1) {
            throw new IllegalArgumentException("WORLD_SIZE=" + worldSize + " is not valid: expected at least 1");
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("RANK=" + rank + " is not valid: expected 0.." + (worldSize - 1) + " for WORLD_SIZE="
                    + worldSize);
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new IllegalArgumentException("MASTER_PORT=" + masterPort + " is not valid: expected a TCP port, 1..65535");
        }
        if (localRank < 0) {
            throw new IllegalArgumentException("LOCAL_RANK=" + localRank + " is not valid: expected at least 0");
        }
    }

    /**
     * The settings in {@code environment}, or empty for a single process: when none of the
     * variables is set, or WORLD_SIZE is 1. Some set and others missing, or a value that is not a
     * number, is an error naming the variable.
     */
    public static Optional<DistributedSettings> fromEnvironment(Map<String, String> environment) {
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : VARIABLES) {
            (environment.get(name) == null || environment.get(name).isBlank() ? missing : present).add(name);
        }
        if (present.isEmpty()) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            if ("1".equals(environment.getOrDefault("WORLD_SIZE", "").trim())) {
                return Optional.empty(); // a world of one needs no rendezvous
            }
            throw new IllegalArgumentException("distributed training needs " + String.join(", ", VARIABLES) + " but "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set (set: "
                    + String.join(", ", present) + "); start the processes with `cdc launch` or set all of them");
        }
        int world = number(environment, "WORLD_SIZE");
        int rank = number(environment, "RANK");
        int port = number(environment, "MASTER_PORT");
        String local = environment.get("LOCAL_RANK");
        int localRank = local == null || local.isBlank() ? rank : number(environment, "LOCAL_RANK");
        DistributedSettings settings = new DistributedSettings(environment.get("MASTER_ADDR").trim(), port, rank, world, localRank);
        return world == 1 ? Optional.empty() : Optional.of(settings);
    }

    private static int number(Map<String, String> environment, String name) {
        String value = environment.get(name).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not valid: expected a whole number");
        }
    }

    public boolean isLeader() {
        return rank == 0;
    }
}
