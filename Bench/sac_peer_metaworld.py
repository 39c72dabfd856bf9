"""SAC with the semantics of CleanRL's sac_continuous_action.py, in PyTorch on Farama
Meta-World (MT1, goal-observable, 39-dim state), written for Pavlov's speed comparison.

One env, as CleanRL: twin soft Q networks (256x256 ReLU) with Polyak-averaged targets
(tau 0.005), a tanh-squashed Gaussian actor (log std in [-5, 2]), autotuned alpha (target
entropy -|A|), a uniform replay buffer, uniform random actions for the first
learning_starts steps, then one gradient update per env step (UTD 1), the actor and alpha
updated policy_frequency times every policy_frequency-th step. Truncated episodes bootstrap
from their last observation (CleanRL's real_next_obs).

Prints one JSON line every --log-every steps: global_step, time_s (since start), and the
episodic return / success of episodes that ended.
"""
import argparse
import json
import time

import gymnasium as gym
import metaworld  # noqa: F401  (registers Meta-World/MT1)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LOG_STD_MIN, LOG_STD_MAX = -5.0, 2.0


def mlp(inputs, outputs, hidden=256):
    return nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                         nn.Linear(hidden, outputs))


class Critic(nn.Module):
    def __init__(self, obs_dim, act_dim):
        super().__init__()
        self.net = mlp(obs_dim + act_dim, 1)

    def forward(self, obs, act):
        return self.net(torch.cat([obs, act], dim=1))


class Actor(nn.Module):
    def __init__(self, obs_dim, act_dim, low, high):
        super().__init__()
        self.trunk = mlp(obs_dim, 2 * act_dim)
        self.act_dim = act_dim
        self.register_buffer("scale", torch.tensor((high - low) / 2, dtype=torch.float32))
        self.register_buffer("bias", torch.tensor((high + low) / 2, dtype=torch.float32))

    def sample(self, obs):
        out = self.trunk(obs)
        mean, raw = out[:, :self.act_dim], out[:, self.act_dim:]
        log_std = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (torch.tanh(raw) + 1)
        dist = torch.distributions.Normal(mean, log_std.exp())
        x = dist.rsample()
        y = torch.tanh(x)
        log_prob = dist.log_prob(x) - torch.log(self.scale * (1 - y.pow(2)) + 1e-6)
        return y * self.scale + self.bias, log_prob.sum(1, keepdim=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--task", default="reach-v3")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--total-timesteps", type=int, default=7000)
    p.add_argument("--learning-starts", type=int, default=5000)
    p.add_argument("--buffer-size", type=int, default=1_000_000)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--gamma", type=float, default=0.99)
    p.add_argument("--tau", type=float, default=0.005)
    p.add_argument("--policy-lr", type=float, default=3e-4)
    p.add_argument("--q-lr", type=float, default=1e-3)
    p.add_argument("--policy-frequency", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--log-every", type=int, default=500)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    env = gym.make("Meta-World/MT1", env_name=a.task, seed=a.seed)
    obs_dim, act_dim = env.observation_space.shape[0], env.action_space.shape[0]
    low, high = env.action_space.low, env.action_space.high
    actor = Actor(obs_dim, act_dim, low, high)
    q1, q2 = Critic(obs_dim, act_dim), Critic(obs_dim, act_dim)
    q1_t, q2_t = Critic(obs_dim, act_dim), Critic(obs_dim, act_dim)
    q1_t.load_state_dict(q1.state_dict())
    q2_t.load_state_dict(q2.state_dict())
    q_opt = torch.optim.Adam(list(q1.parameters()) + list(q2.parameters()), lr=a.q_lr)
    a_opt = torch.optim.Adam(actor.parameters(), lr=a.policy_lr)
    target_entropy = -float(act_dim)
    log_alpha = torch.zeros(1, requires_grad=True)
    alpha = log_alpha.exp().item()
    alpha_opt = torch.optim.Adam([log_alpha], lr=a.q_lr)
    size = min(a.buffer_size, a.total_timesteps)
    B_obs = np.zeros((size, obs_dim), np.float32)
    B_next = np.zeros((size, obs_dim), np.float32)
    B_act = np.zeros((size, act_dim), np.float32)
    B_rew = np.zeros((size, 1), np.float32)
    B_done = np.zeros((size, 1), np.float32)
    count = pos = 0
    obs, _ = env.reset(seed=a.seed)
    ret, success, start = 0.0, 0.0, time.time()
    ended = []
    for step in range(a.total_timesteps):
        if step < a.learning_starts:
            action = rng.uniform(low, high).astype(np.float32)
        else:
            with torch.no_grad():
                action = actor.sample(torch.as_tensor(obs[None], dtype=torch.float32))[0][0].numpy()
        next_obs, reward, term, trunc, info = env.step(action)
        ret += reward
        success = max(success, float(info.get("success", 0.0)))
        B_obs[pos], B_next[pos], B_act[pos], B_rew[pos], B_done[pos] = obs, next_obs, action, reward, float(term)
        pos = (pos + 1) % size
        count = min(count + 1, size)
        obs = next_obs
        if term or trunc:
            ended.append((ret, success))
            ret, success = 0.0, 0.0
            obs, _ = env.reset()
        if step > a.learning_starts:
            idx = rng.integers(0, count, a.batch_size)
            o, n, ac = (torch.as_tensor(B_obs[idx]), torch.as_tensor(B_next[idx]), torch.as_tensor(B_act[idx]))
            r, d = torch.as_tensor(B_rew[idx]), torch.as_tensor(B_done[idx])
            with torch.no_grad():
                na, nlp = actor.sample(n)
                target = r + (1 - d) * a.gamma * (torch.min(q1_t(n, na), q2_t(n, na)) - alpha * nlp)
            q_loss = F.mse_loss(q1(o, ac), target) + F.mse_loss(q2(o, ac), target)
            q_opt.zero_grad()
            q_loss.backward()
            q_opt.step()
            if step % a.policy_frequency == 0:
                for _ in range(a.policy_frequency):
                    pi, lp = actor.sample(o)
                    actor_loss = (alpha * lp - torch.min(q1(o, pi), q2(o, pi))).mean()
                    a_opt.zero_grad()
                    actor_loss.backward()
                    a_opt.step()
                    with torch.no_grad():
                        _, lp = actor.sample(o)
                    alpha_loss = (-log_alpha.exp() * (lp + target_entropy)).mean()
                    alpha_opt.zero_grad()
                    alpha_loss.backward()
                    alpha_opt.step()
                    alpha = log_alpha.exp().item()
            with torch.no_grad():
                for net, tgt in ((q1, q1_t), (q2, q2_t)):
                    for w, wt in zip(net.parameters(), tgt.parameters()):
                        wt.mul_(1 - a.tau).add_(a.tau * w)
        if (step + 1) % a.log_every == 0:
            line = {"global_step": step + 1, "time_s": time.time() - start, "alpha": alpha}
            if ended:
                line["episodic_return"] = float(np.mean([e[0] for e in ended]))
                line["success_rate"] = float(np.mean([e[1] for e in ended]))
                ended = []
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
