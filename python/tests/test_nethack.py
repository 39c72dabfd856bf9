"""The NetHack ids from Python: listed with NLE's spaces, named parts as a Dict, the missing-engine
error, the file-descriptor limit, captions and the terminal render. Conformance with NLE itself
is test_nethack_conformance.py; gymnasium's check_env runs on every id in test_single.py."""
import gymnasium
import numpy as np
import pytest

import pavlov_envs

IDS = ["NetHackScore-v0", "NetHackStaircase-v0", "NetHackStaircasePet-v0", "NetHackOracle-v0",
       "NetHackGold-v0", "NetHackEat-v0", "NetHackScout-v0"]


def make_vec(*args, **kwargs):
    try:
        return pavlov_envs.make_vec(*args, **kwargs)
    except pavlov_envs.UnavailableError as e:
        pytest.skip(str(e))


def test_every_task_is_listed_with_its_spaces():
    envs = pavlov_envs.list_envs()
    for env_id in IDS:
        spec = envs[env_id]
        assert spec.action_space == gymnasium.spaces.Discrete(23)
        assert spec.observation_space.shape == (6682,) and spec.observation_space.dtype == np.int32
        assert spec.max_episode_steps == 5000
        assert [p.name for p in spec.observation_parts] == [
            "glyphs", "blstats", "message", "inv_glyphs", "inv_strs", "inv_letters", "inv_oclasses", "glyphs_crop",
            "crop_classes", "status_bins"]


def test_dict_observations_have_nles_shapes():
    env = make_vec("NetHackStaircase-v0", 2, seed=3, observation_format="dict")
    obs, info = env.reset()
    assert obs["glyphs"].shape == (2, 21, 79) and obs["blstats"].shape == (2, 27)
    assert obs["inv_strs"].shape == (2, 55, 80) and obs["glyphs_crop"].shape == (2, 9, 9)
    assert (obs["blstats"][:, 12] == 1).all()  # depth 1
    text = bytes(obs["message"][0].astype(np.uint8)).split(b"\0")[0].decode()
    assert text  # the game's first message (a welcome, or the moon's phase)
    env.close()


def test_a_missing_engine_says_what_to_install(run_child):
    code, out = run_child("""
        import os
        os.environ["PAVLOV_NLE_DIR"] = "/nonexistent/nle"
        import pavlov_envs
        try:
            pavlov_envs.make("NetHackScore-v0")
        except pavlov_envs.UnavailableError as e:
            print("UNAVAILABLE", e)
    """)
    assert code == 0, out
    assert "UNAVAILABLE" in out and "nle==1.3.0" in out and "scripts/nle_setup.sh" in out, out


def test_more_envs_than_file_descriptors_is_a_clear_error(run_child):
    make_vec("NetHackScore-v0", 1).close()  # skips where the engine is missing
    code, out = run_child("""
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
        import pavlov_envs
        try:
            pavlov_envs.make_vec("NetHackScore-v0", 100, num_threads=1)
        except pavlov_envs.InvalidArgumentError as e:
            print("REFUSED", e)
    """)
    assert code == 0, out
    assert "REFUSED" in out and "ulimit -n" in out, out


def test_captions_and_the_terminal_render():
    env = pavlov_envs.make("NetHackScore-v0", seed=1, render_mode="ansi") if _available() else None
    if env is None:
        pytest.skip("NetHack's engine is not installed (bash scripts/nle_setup.sh)")
    obs, _ = env.reset(seed=1)
    caption = env.caption()
    assert "Depth 1, hit points" in caption and "Next to you:" in caption
    assert env.caption_observation(obs) == caption
    assert "Dlvl:1" in env.render()
    assert env.action_names()[:3] == ["more", "north", "east"]
    env.close()


def test_a_batch_keeps_the_terminal_only_when_asked():
    env = make_vec("NetHackStaircase-v0", 2, seed=4)
    env.reset()
    with pytest.raises(pavlov_envs.InvalidArgumentError, match="keep_screen"):
        env.render_text(0)
    env.keep_screen()
    env.reset(seed=4)  # a new seed re-creates the batch: it still keeps the screen
    assert "Dlvl:1" in env.render_text(1)
    env.close()


def _available():
    try:
        pavlov_envs.make_vec("NetHackScore-v0", 1).close()
        return True
    except pavlov_envs.UnavailableError:
        return False


def test_directories_left_by_a_crashed_process_are_removed(run_child, tmp_path):
    make_vec("NetHackScore-v0", 1).close()  # skips where the engine is missing
    import subprocess
    import sys
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its pid names a process that no longer exists
    stale = tmp_path / f"pavlov-nle-{dead.pid}-abcdef"
    (stale / "save").mkdir(parents=True)
    (stale / "record").write_text("")
    code, out = run_child(f"""
        import os
        os.environ["TMPDIR"] = {str(tmp_path)!r}
        import pavlov_envs
        env = pavlov_envs.make_vec("NetHackScore-v0", 2)
        env.reset()
        print("DURING", sorted(n for n in os.listdir({str(tmp_path)!r}) if n.startswith("pavlov-nle-")))
        env.close()
        print("AFTER", sorted(n for n in os.listdir({str(tmp_path)!r}) if n.startswith("pavlov-nle-")))
    """)
    assert code == 0, out
    assert not stale.exists(), out
    assert "AFTER []" in out and out.count("pavlov-nle-") == 2, out  # its own two, then none


def test_the_scripted_expert_finds_the_stairs_and_reports_privileged_facts():
    env = make_vec("NetHackStaircase-v0", 4, seed=3)
    env.reset()
    successes, done = 0, np.zeros(4, dtype=bool)
    for _ in range(1500):
        actions = env.expert_actions()
        assert actions.shape == (4,) and ((actions >= 0) & (actions < 23)).all()
        _, reward, terminated, truncated, info = env.step(actions)
        assert (info["progress"] <= 0.9 + 1e-6).all()  # short of the goal; the goal's step is final_info
        for i in np.flatnonzero((terminated | truncated) & ~done):
            done[i] = True
            final = info["final_info"]
            successes += int(final["success"][i])
            if final["success"][i]:
                assert final["progress"][i] == 1 and final["stairs_distance"][i] == 0
        if done.all():
            break
    assert successes >= 3, successes
    env.close()
