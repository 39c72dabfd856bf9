"""Why SAC's training success and `pavlov eval` disagree (docs/sac.md): reads SAC checkpoints.

  python Bench/sac_policy_drift.py consistency RUN/checkpoint.bin [40 200 2000]
      The saved actor against the actions stored in the checkpoint's replay buffer: for the
      newest W transitions, z = (atanh(a) - mu) / sigma per action dimension. z ~ N(0, 1) for the
      newest rows says the saved actor is the policy that acted; its growth with W measures how
      fast the policy moves.
  python Bench/sac_policy_drift.py swap TASK EVERY SNAPSHOT.bin ...
      Success of each snapshot's actor frozen (one episode in each of 50 envs, sampled actions),
      then of the same actors swapped in turn every EVERY steps within each episode.

Needs numpy and pavlov_envs (pip install ./python). The actor is re-implemented here from the
checkpoint's layout (SACCheckpoint: magic, version, JSON header, float32 blobs; the actor's MLP
is weights out x in row-major then biases per layer, ReLU hidden layers, tanh-squashed Gaussian
head with log sigma = -5 + 3.5 (tanh(raw) + 1)).
"""
import json
import struct
import sys

import numpy as np


def load(path):
    data = open(path, "rb").read()
    if data[:8] != b"PAVLOVSC":
        raise SystemExit(f"{path} is not a SAC checkpoint")
    length = struct.unpack("<I", data[12:16])[0]
    header = json.loads(data[16:16 + length])
    offset, blobs = 16 + length, []
    for count in header["bufferLengths"]:
        blobs.append(np.frombuffer(data, dtype="<f4", count=count, offset=offset).astype(np.float64))
        offset += 4 * count
    return header, blobs


def actor_of(header, blobs):
    hidden, o, a = header["config"]["hidden_size"], header["observationSize"], header["actionDimension"]
    sizes, layers, k = [o, hidden, hidden, 2 * a], [], 0
    params = blobs[0]
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers.append((params[k:k + n_in * n_out].reshape(n_out, n_in), params[k + n_in * n_out:k + n_in * n_out + n_out]))
        k += n_in * n_out + n_out
    assert k == len(params), "the actor's parameter count does not match its config"

    def forward(x):
        for j, (w, b) in enumerate(layers):
            x = x @ w.T + b
            if j < len(layers) - 1:
                x = np.maximum(x, 0)
        return x[:, :a], np.exp(-5 + 3.5 * (np.tanh(x[:, a:]) + 1))
    return forward


def consistency(path, windows):
    header, blobs = load(path)
    n, o, a = header["replayCount"], header["observationSize"], header["actionDimension"]
    actor = actor_of(header, blobs)
    observations, actions = blobs[14].reshape(n, o), blobs[16].reshape(n, a)
    np.set_printoptions(precision=2, suppress=True)
    for w in windows:
        mu, sigma = actor(observations[n - w:])
        z = (np.arctanh(np.clip(actions[n - w:], -0.999999, 0.999999)) - mu) / sigma
        print(f"newest {w:6d} transitions: z mean {z.mean(0)}  z std {z.std(0)}")


def swap(task, every, paths, envs=50, seed=100001):
    from pavlov_envs._core import CoreBatch
    actors = [actor_of(*load(p)) for p in paths]

    def run(policy_at):
        core = CoreBatch("arm/" + task, envs, seed=seed, num_threads=1)
        core.reset()
        rng = np.random.default_rng(seed)
        column = core.info_names.index("success")
        solved = np.zeros(envs, bool)
        for t in range(core.spec.max_episode_steps):
            mu, sigma = policy_at(t)(core.observations.astype(np.float64))
            core.step(np.tanh(mu + sigma * rng.standard_normal(mu.shape)).astype(np.float32))
            solved |= core.info[:, column] > 0
        return solved.mean()
    rates = []
    for path, actor in zip(paths, actors):
        rates.append(run(lambda t: actor))
        print(f"frozen {path}: success {rates[-1]:.2f}")
    print(f"mean of the frozen snapshots: {np.mean(rates):.3f}")
    print(f"swapped every {every} steps: success {run(lambda t: actors[(t // every) % len(actors)]):.2f}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "consistency":
        consistency(sys.argv[2], [int(w) for w in sys.argv[3:]] or [40, 200, 2000])
    elif len(sys.argv) >= 5 and sys.argv[1] == "swap":
        swap(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        raise SystemExit(__doc__)
