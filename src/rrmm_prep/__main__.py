from rrmm_prep.cli import main

main()
