"""PPO on Pavlov's MiniGrid DoorKey, in one file, in the style of CleanRL's ppo.py.

    python examples/cleanrl_ppo_doorkey.py --seed 1
    python examples/cleanrl_ppo_doorkey.py --backend gymnasium --env-id CartPole-v1 --total-timesteps 100000

Environments come from `pavlov_envs.make_vec` (Pavlov's C/C++ core, stepped in batches);
`--backend gymnasium` uses `gymnasium.make_vec` with the same same-step autoreset instead, so the
learner can be sanity-checked on a classic task. `--backend minigrid` runs Farama's own MiniGrid
(pip install minigrid) through gymnasium's SyncVectorEnv, its view flattened into Pavlov's 148-byte
layout so that the network is the same: the peer `pavlov train` is measured against. The policy is trained with PyTorch on the
CPU. Metrics go to stdout and to runs/<run_name>/metrics.jsonl (one JSON object per update).
"""

import argparse
import collections
import json
import os
import random
import time
from dataclasses import asdict, dataclass, fields
from typing import Optional

import gymnasium as gym
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions.categorical import Categorical


@dataclass
class Args:
    exp_name: str = os.path.basename(__file__)[: -len(".py")]
    seed: int = 1
    env_id: str = "MiniGrid-DoorKey-5x5-v0"
    backend: str = "pavlov"          # "pavlov" (pavlov_envs.make_vec), "gymnasium" or "minigrid" (Farama's)
    total_timesteps: int = 500_000
    num_envs: int = 16
    num_steps: int = 128             # steps per env per rollout; batch = num_envs * num_steps
    learning_rate: float = 2.5e-4
    anneal_lr: bool = True           # linear decay of the learning rate to 0 over the run
    gamma: float = 0.99
    gae_lambda: float = 0.95
    num_minibatches: int = 8
    update_epochs: int = 4
    norm_adv: bool = True            # normalise advantages per minibatch
    clip_coef: float = 0.2
    clip_vloss: bool = True          # PPO-paper style clipped value loss
    ent_coef: float = 0.01
    vf_coef: float = 0.5
    max_grad_norm: float = 0.5
    target_kl: Optional[float] = None  # stop the update epochs early when approx KL exceeds this
    hidden: int = 64
    torch_threads: int = 1           # 1 measured fastest for these small networks on 2 cores
    env_threads: int = 1             # worker threads of the C core (its stepping is microseconds)
    stop_success: Optional[float] = None  # stop once the last-100-episode success rate reaches this
    eval_episodes: int = 100         # envs x 1 episode of the final policy on fresh seeds (0: skip)
    log_every: int = 5               # print every N updates (the JSONL file gets every update)
    save_model: bool = False
    runs_dir: str = "runs"


def parse_args() -> Args:
    def str2bool(s: str) -> bool:
        return s.lower() in ("1", "true", "yes", "y", "on")

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for f in fields(Args):
        default = f.default
        kind = str2bool if isinstance(default, bool) else (float if default is None else type(default))
        parser.add_argument("--" + f.name.replace("_", "-"), type=kind, default=default, metavar=kind.__name__.upper())
    args = Args(**vars(parser.parse_args()))
    assert (args.num_envs * args.num_steps) % args.num_minibatches == 0, "batch must split into equal minibatches"
    return args


def make_envs(args: Args, seed: int) -> gym.vector.VectorEnv:
    if args.backend == "pavlov":
        import pavlov_envs

        return pavlov_envs.make_vec(args.env_id, args.num_envs, seed=seed, num_threads=args.env_threads)
    if args.backend == "minigrid":
        import minigrid  # noqa: F401  (registers the MiniGrid ids)

        def one():
            return FlatMiniGrid(gym.make(args.env_id))

        return gym.vector.SyncVectorEnv([one for _ in range(args.num_envs)],
                                        autoreset_mode=gym.vector.AutoresetMode.SAME_STEP)
    # gymnasium's own vector env with the same same-step autoreset as Pavlov's (final_obs in infos).
    return gym.make_vec(args.env_id, num_envs=args.num_envs, vectorization_mode="sync",
                        vector_kwargs={"autoreset_mode": gym.vector.AutoresetMode.SAME_STEP})


class FlatMiniGrid(gym.ObservationWrapper):
    """Farama MiniGrid's dict observation as Pavlov's 148 bytes: the 7x7x3 view indexed
    [x][y][channel] (MiniGrid's own array order), then the direction."""

    def __init__(self, env):
        super().__init__(env)
        self.observation_space = gym.spaces.Box(0, 255, (148,), np.uint8)

    def observation(self, obs):
        return np.concatenate([obs["image"].reshape(-1), [obs["direction"]]]).astype(np.uint8)


class MiniGridOneHot(nn.Module):
    """148 uint8 bytes -> 984 floats: a one-hot of (object 0..10 | colour 0..5 | state 0..2) for
    each of the 7x7 cells, then a one-hot of the direction 0..3. The indices are categories, not
    magnitudes (object 5 is a key, 4 a door), so feeding the raw bytes to a linear layer would
    impose an order that means nothing; a one-hot lets the first layer learn one weight per
    (cell, category)."""

    CELL_SIZES = (11, 6, 3)
    out_dim = 49 * sum(CELL_SIZES) + 4

    def __init__(self):
        super().__init__()
        self.register_buffer("offsets", torch.tensor([0, 11, 17]))

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        cells = obs[:, :147].long().view(-1, 49, 3) + self.offsets   # (B, 49, 3) in 0..19
        onehot = torch.zeros(obs.shape[0], 49, 20, device=obs.device).scatter_(2, cells, 1.0)
        direction = F.one_hot(obs[:, 147].long(), 4).float()
        return torch.cat([onehot.flatten(1), direction], dim=1)


class FloatFlatten(nn.Module):
    """For non-grid observations (the gymnasium fallback): the values themselves."""

    def __init__(self, obs_dim: int):
        super().__init__()
        self.out_dim = obs_dim

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return obs.float().flatten(1)


def layer_init(layer: nn.Linear, std: float = np.sqrt(2), bias_const: float = 0.0) -> nn.Linear:
    # Orthogonal weights with gain sqrt(2) for tanh hidden layers; the small policy-head gain
    # (0.01) starts the policy near uniform, the value head uses gain 1.
    nn.init.orthogonal_(layer.weight, std)
    nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    def __init__(self, envs: gym.vector.VectorEnv, hidden: int):
        super().__init__()
        space = envs.single_observation_space
        if space.dtype == np.uint8 and space.shape == (148,):
            self.encoder = MiniGridOneHot()
        else:
            self.encoder = FloatFlatten(int(np.prod(space.shape)))
        n_in, n_actions = self.encoder.out_dim, int(envs.single_action_space.n)
        self.critic = nn.Sequential(
            layer_init(nn.Linear(n_in, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, 1), std=1.0),
        )
        self.actor = nn.Sequential(
            layer_init(nn.Linear(n_in, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, n_actions), std=0.01),
        )

    def get_value(self, obs: torch.Tensor) -> torch.Tensor:
        return self.critic(self.encoder(obs)).squeeze(-1)

    def get_action_and_value(self, obs: torch.Tensor, action: Optional[torch.Tensor] = None):
        x = self.encoder(obs)
        dist = Categorical(logits=self.actor(x))
        if action is None:
            action = dist.sample()
        return action, dist.log_prob(action), dist.entropy(), self.critic(x).squeeze(-1)


def episode_successes(infos: dict, rewards: np.ndarray, terminated: np.ndarray) -> np.ndarray:
    """Success of the episodes that ended at this step. Pavlov reports it as privileged info in
    infos["final_info"] (the top-level infos already describe the next episode after the
    autoreset); without it (gymnasium fallback), a terminating step with positive reward counts."""
    final_info = infos.get("final_info")
    if isinstance(final_info, dict) and "success" in final_info:
        return np.asarray(final_info["success"]).astype(bool)
    return terminated & (rewards > 0)


def evaluate(agent: Agent, args: Args, episodes: int) -> dict:
    """The trained (sampling) policy on `episodes` envs seeded apart from training, one episode
    each. Counting only each env's first episode keeps the estimate unbiased: taking the first N
    episodes to finish from a few envs would over-count short (successful) ones."""
    seed = args.seed + 100_000
    envs = make_envs(Args(**{**asdict(args), "num_envs": episodes}), seed)
    obs, _ = envs.reset(seed=seed)
    ep_ret = np.zeros(episodes)
    returns, successes = np.zeros(episodes), np.zeros(episodes, dtype=bool)
    finished = np.zeros(episodes, dtype=bool)
    while not finished.all():
        with torch.no_grad():
            action, _, _, _ = agent.get_action_and_value(torch.as_tensor(np.array(obs)))
        obs, reward, term, trunc, infos = envs.step(action.numpy())
        ep_ret += reward
        first_end = np.logical_or(term, trunc) & ~finished
        succ = episode_successes(infos, reward, term)
        returns[first_end], successes[first_end] = ep_ret[first_end], succ[first_end]
        finished |= first_end
    envs.close()
    return {"eval/episodes": episodes, "eval/success_rate": float(successes.mean()),
            "eval/episodic_return": float(returns.mean())}


def main():
    args = parse_args()
    batch_size = args.num_envs * args.num_steps
    minibatch_size = batch_size // args.num_minibatches
    num_updates = args.total_timesteps // batch_size
    run_name = f"{args.env_id}__{args.exp_name}__{args.seed}__{int(time.time())}"
    run_dir = os.path.join(args.runs_dir, run_name)
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, "config.json"), "w") as f:
        json.dump(asdict(args), f, indent=2)
    metrics_file = open(os.path.join(run_dir, "metrics.jsonl"), "w")

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.torch_threads)

    envs = make_envs(args, args.seed)
    assert isinstance(envs.single_action_space, gym.spaces.Discrete), "only discrete actions"
    agent = Agent(envs, args.hidden)
    optimizer = torch.optim.Adam(agent.parameters(), lr=args.learning_rate, eps=1e-5)

    # Rollout storage, (num_steps, num_envs, ...). Observations keep the env's dtype (uint8 for
    # the grid worlds: 148 bytes a step instead of 984 floats); they are encoded in the forward pass.
    obs_shape, obs_dtype = envs.single_observation_space.shape, envs.single_observation_space.dtype
    obs = torch.zeros((args.num_steps, args.num_envs) + obs_shape, dtype=torch.from_numpy(np.zeros(0, obs_dtype)).dtype)
    actions = torch.zeros((args.num_steps, args.num_envs), dtype=torch.long)
    logprobs = torch.zeros((args.num_steps, args.num_envs))
    rewards = torch.zeros((args.num_steps, args.num_envs))
    ends = torch.zeros((args.num_steps, args.num_envs))    # 1 where the step at t ended its episode
    values = torch.zeros((args.num_steps, args.num_envs))

    # Episode statistics, kept here so they do not depend on a wrapper.
    ep_return, ep_length = np.zeros(args.num_envs), np.zeros(args.num_envs, dtype=np.int64)
    recent_success = collections.deque(maxlen=100)
    recent_return = collections.deque(maxlen=100)
    episodes = 0

    global_step = 0
    start_time = time.time()
    next_obs_np, _ = envs.reset(seed=args.seed)
    # The arrays the env returns view its C buffers, overwritten at the next step: copy now.
    next_obs = torch.tensor(np.array(next_obs_np))

    for update in range(1, num_updates + 1):
        if args.anneal_lr:
            optimizer.param_groups[0]["lr"] = (1.0 - (update - 1.0) / num_updates) * args.learning_rate
        finished_returns, finished_lengths = [], []

        for step in range(args.num_steps):
            global_step += args.num_envs
            obs[step] = next_obs
            with torch.no_grad():
                action, logprob, _, value = agent.get_action_and_value(next_obs)
            actions[step], logprobs[step], values[step] = action, logprob, value

            next_obs_np, reward, terminated, truncated, infos = envs.step(action.numpy())
            env_reward = np.array(reward, dtype=np.float32)
            reward = env_reward.copy()
            terminated, truncated = np.array(terminated, dtype=bool), np.array(truncated, dtype=bool)
            done = terminated | truncated

            # Truncation (the time limit) is not an end of the task: the return would have gone on,
            # so the target must include gamma * V(s_final). With same-step autoreset, next_obs is
            # already the next episode's first observation, so V(next_obs) is the wrong value to
            # bootstrap from; the true last observation is in infos["final_obs"]. Fold
            # gamma * V(final_obs) into this step's reward and then cut the GAE trace at this step
            # like a termination. A real termination (goal reached, lava) gets no bootstrap: nothing
            # follows it. An env both terminated and truncated counts as terminated.
            bootstrap = truncated & ~terminated
            if bootstrap.any():
                mask = infos["_final_obs"] & bootstrap
                idx = np.flatnonzero(mask)
                final_obs = torch.tensor(np.stack([np.asarray(infos["final_obs"][i]) for i in idx]))
                with torch.no_grad():
                    reward[idx] += args.gamma * agent.get_value(final_obs).numpy()

            rewards[step] = torch.from_numpy(reward)
            ends[step] = torch.from_numpy(done.astype(np.float32))
            next_obs = torch.tensor(np.array(next_obs_np))

            ep_return += env_reward
            ep_length += 1
            if done.any():
                success = episode_successes(infos, env_reward, terminated)
                for i in np.flatnonzero(done):
                    recent_success.append(float(success[i]))
                    recent_return.append(ep_return[i])
                    finished_returns.append(ep_return[i])
                    finished_lengths.append(ep_length[i])
                    episodes += 1
                ep_return[done], ep_length[done] = 0.0, 0

        # Generalised advantage estimation. ends[t] cuts both the one-step bootstrap and the
        # lambda-trace at the end of an episode (truncations already carry their bootstrap in the
        # reward, see above). The last step of the rollout bootstraps from V(next_obs).
        with torch.no_grad():
            next_value = agent.get_value(next_obs)
            advantages = torch.zeros_like(rewards)
            lastgaelam = torch.zeros(args.num_envs)
            for t in reversed(range(args.num_steps)):
                nextvalues = next_value if t == args.num_steps - 1 else values[t + 1]
                nonterminal = 1.0 - ends[t]
                delta = rewards[t] + args.gamma * nextvalues * nonterminal - values[t]
                lastgaelam = delta + args.gamma * args.gae_lambda * nonterminal * lastgaelam
                advantages[t] = lastgaelam
            returns = advantages + values

        b_obs = obs.reshape((-1,) + obs_shape)
        b_actions, b_logprobs = actions.reshape(-1), logprobs.reshape(-1)
        b_advantages, b_returns, b_values = advantages.reshape(-1), returns.reshape(-1), values.reshape(-1)

        clipfracs = []
        for epoch in range(args.update_epochs):
            perm = torch.randperm(batch_size)
            for start in range(0, batch_size, minibatch_size):
                mb = perm[start:start + minibatch_size]
                _, newlogprob, entropy, newvalue = agent.get_action_and_value(b_obs[mb], b_actions[mb])
                logratio = newlogprob - b_logprobs[mb]
                ratio = logratio.exp()
                with torch.no_grad():
                    # Schulman's low-variance estimator of KL(old || new), http://joschu.net/blog/kl-approx.html
                    old_approx_kl = (-logratio).mean()
                    approx_kl = ((ratio - 1) - logratio).mean()
                    clipfracs.append(((ratio - 1.0).abs() > args.clip_coef).float().mean().item())

                mb_adv = b_advantages[mb]
                if args.norm_adv:
                    mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8)

                # Clipped surrogate: the pessimistic (max of the negated) of the plain and clipped objectives.
                pg_loss = torch.max(-mb_adv * ratio,
                                    -mb_adv * torch.clamp(ratio, 1 - args.clip_coef, 1 + args.clip_coef)).mean()

                if args.clip_vloss:
                    v_clipped = b_values[mb] + torch.clamp(newvalue - b_values[mb], -args.clip_coef, args.clip_coef)
                    v_loss = 0.5 * torch.max((newvalue - b_returns[mb]) ** 2, (v_clipped - b_returns[mb]) ** 2).mean()
                else:
                    v_loss = 0.5 * ((newvalue - b_returns[mb]) ** 2).mean()

                entropy_loss = entropy.mean()
                loss = pg_loss - args.ent_coef * entropy_loss + args.vf_coef * v_loss

                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(agent.parameters(), args.max_grad_norm)
                optimizer.step()

            if args.target_kl is not None and approx_kl > args.target_kl:
                break

        var_y = b_returns.var().item()
        explained_var = float("nan") if var_y == 0 else 1.0 - (b_returns - b_values).var().item() / var_y
        elapsed = time.time() - start_time
        row = {
            "update": update,
            "global_step": global_step,
            "time_s": round(elapsed, 2),
            "episodes": episodes,
            "charts/SPS": int(global_step / elapsed),
            "charts/learning_rate": optimizer.param_groups[0]["lr"],
            "charts/episodic_return": float(np.mean(finished_returns)) if finished_returns else None,
            "charts/episodic_length": float(np.mean(finished_lengths)) if finished_lengths else None,
            "charts/episodic_return_100": float(np.mean(recent_return)) if recent_return else None,
            "charts/success_rate": float(np.mean(recent_success)) if recent_success else None,
            "losses/value_loss": v_loss.item(),
            "losses/policy_loss": pg_loss.item(),
            "losses/entropy": entropy_loss.item(),
            "losses/old_approx_kl": old_approx_kl.item(),
            "losses/approx_kl": approx_kl.item(),
            "losses/clipfrac": float(np.mean(clipfracs)),
            "losses/explained_variance": explained_var,
        }
        metrics_file.write(json.dumps(row) + "\n")
        metrics_file.flush()
        if update % args.log_every == 0 or update == num_updates:
            sr = row["charts/success_rate"]
            ret = row["charts/episodic_return_100"]
            print(f"update={update}/{num_updates} global_step={global_step} episodes={episodes} "
                  f"success_rate(100)={'-' if sr is None else f'{sr:.3f}'} "
                  f"return(100)={'-' if ret is None else f'{ret:.3f}'} "
                  f"entropy={row['losses/entropy']:.3f} approx_kl={row['losses/approx_kl']:.4f} "
                  f"SPS={row['charts/SPS']}", flush=True)

        if (args.stop_success is not None and len(recent_success) == recent_success.maxlen
                and np.mean(recent_success) >= args.stop_success):
            print(f"stopping: success rate over the last 100 episodes reached {np.mean(recent_success):.3f}")
            break

    envs.close()
    train_time = time.time() - start_time
    summary = {"run": run_name, "global_step": global_step, "episodes": episodes, "train_time_s": round(train_time, 1),
               "SPS": int(global_step / train_time),
               "final_success_rate_100": float(np.mean(recent_success)) if recent_success else None,
               "final_return_100": float(np.mean(recent_return)) if recent_return else None}
    if args.eval_episodes > 0:
        summary.update(evaluate(agent, args, args.eval_episodes))
    if args.save_model:
        torch.save(agent.state_dict(), os.path.join(run_dir, "agent.pt"))
    with open(os.path.join(run_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    metrics_file.close()
    print("summary:", json.dumps(summary))


if __name__ == "__main__":
    main()
